using Microsoft.Extensions.Options;

namespace Portal.Core.Features.Usage;

/// <summary>A warning threshold above its critical one would skip the warning: refused at start.</summary>
public sealed class UsageAlertOptionsValidator : IValidateOptions<UsageAlertOptions>
{
    public ValidateOptionsResult Validate(string? name, UsageAlertOptions options)
    {
        var failures = new List<string>();
        if (options.StorageWarnPercent > options.StorageCriticalPercent)
        {
            failures.Add($"Alerts:StorageWarnPercent ({options.StorageWarnPercent}) must not be above Alerts:StorageCriticalPercent ({options.StorageCriticalPercent}).");
        }
        if (options.LicenceWarnPercent > options.LicenceCriticalPercent)
        {
            failures.Add($"Alerts:LicenceWarnPercent ({options.LicenceWarnPercent}) must not be above Alerts:LicenceCriticalPercent ({options.LicenceCriticalPercent}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
