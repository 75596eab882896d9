using Microsoft.Extensions.Options;

namespace Portal.Shell;

/// <summary>A setting that keeps the portal from starting; its message names the setting to change.</summary>
public sealed class StartupRefusedException(string message) : Exception(message)
{
    /// <summary>
    /// Prints a refusal as one line on standard error and exits with code 1, instead of the runtime's stack trace.
    /// Only an exception leaving Main reaches this; test hosts catch it before.
    /// </summary>
    public static void ReportAsOneLine() =>
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (RefusalOf(e.ExceptionObject as Exception) is { } refusal)
            {
                Console.Error.WriteLine("Portal did not start: " + refusal);
                Environment.Exit(1);
            }
        };

    /// <summary>A refusal, or settings found invalid at start (whose failures name their keys), as one line.</summary>
    private static string? RefusalOf(Exception? error) => error switch
    {
        StartupRefusedException refused => refused.Message,
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        AggregateException { InnerExceptions: var inner } when inner.Count > 0 && inner.All(i => i is OptionsValidationException) =>
            string.Join(" ", inner.Cast<OptionsValidationException>().SelectMany(i => i.Failures)),
        _ => null,
    };
}
