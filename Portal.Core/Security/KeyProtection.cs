using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Home;
using Portal.Core.Identity;

namespace Portal.Core.Security;

/// <summary>
/// Whether the Data Protection keys, kept in the portal's own database next to the Zoom secrets they encrypt, are themselves
/// encrypted at rest. Outside Development, unprotected keys mean a copy of the database is a copy of every Zoom secret.
/// </summary>
public sealed class KeyProtection(IOptions<DataProtectionSettings> settings, IHostEnvironment environment)
{
    public const string CertificatePathSetting = "DataProtection:Certificate:Path";

    public const string Problem = "The Data Protection keys are stored unencrypted in the portal's database, next to the Zoom secrets they protect: "
        + "anyone with a copy of the database can read every Zoom secret.";

    public const string Fix = "Set " + CertificatePathSetting + " to a PFX certificate (and DataProtection:Certificate:Password in an environment "
        + "variable), keep the certificate backed up separately, and restart the portal.";

    public bool KeysProtected => !string.IsNullOrWhiteSpace(settings.Value.Certificate.Path);

    public bool ShouldWarn => !environment.IsDevelopment() && !KeysProtected;
}

/// <summary>Says it once at start-up, in the log.</summary>
public sealed class KeyProtectionStartupWarning(KeyProtection keys, ILogger<KeyProtectionStartupWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.ShouldWarn)
        {
            logger.LogWarning("{Problem} {Fix}", KeyProtection.Problem, KeyProtection.Fix);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>And on the administrators' home page, until the keys are protected.</summary>
public sealed class KeyProtectionHomeAlertSource(KeyProtection keys) : IHomeAlertSource
{
    public Task<IReadOnlyList<HomeAlert>> GetAlertsAsync(Actor actor, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<HomeAlert>>(actor.IsInRole(Roles.Admin) && keys.ShouldWarn
            ? [new HomeAlert(AlertSeverity.Warning, "Zoom secrets are not protected at rest.", $"{KeyProtection.Problem} {KeyProtection.Fix}")]
            : []);
}
