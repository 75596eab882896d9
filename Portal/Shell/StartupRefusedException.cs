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
            if (e.ExceptionObject is StartupRefusedException refused)
            {
                Console.Error.WriteLine("Portal did not start: " + refused.Message);
                Environment.Exit(1);
            }
        };
}
