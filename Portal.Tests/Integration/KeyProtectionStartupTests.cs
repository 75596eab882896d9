using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Home;
using Portal.Core.Security;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

/// <summary>Outside Development, unprotected Data Protection keys are reported at start-up and on the administrators' home page.</summary>
public sealed class KeyProtectionStartupTests
{
    /// <summary>A non-Development portal that is allowed to start: Entra ID sign-in (an unused local authority) and no sandbox.</summary>
    private static Dictionary<string, string?> Staging(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "AzureAd",
            ["AzureAd:Instance"] = "http://127.0.0.1:9/",
            ["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555",
            ["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000",
            ["Zoom:Sandbox:Enabled"] = "false",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    [Fact]
    public async Task Start_StagingWithoutCertificate_WarnsOnceInTheLogAndOnTheAdministratorsHomePage()
    {
        // Arrange
        await using var portal = new LoggedPortal(Staging(), "Staging");

        // Act
        _ = portal.BaseUrl;
        var alerts = await HomeAlertsForAdminAsync(portal);

        // Assert
        var warning = Assert.Single(portal.Logs.Lines, l => l.Contains(KeyProtection.CertificatePathSetting, StringComparison.Ordinal));
        Assert.StartsWith("Warning", warning, StringComparison.Ordinal);
        var alert = Assert.Single(alerts, a => a.Detail.Contains(KeyProtection.CertificatePathSetting, StringComparison.Ordinal));
        Assert.Equal(AlertSeverity.Warning, alert.Severity);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True((await db.NotificationConditions.SingleAsync(c => c.Key == KeyProtectionAlert.Key)).IsActive);
    }

    [Fact]
    public async Task Start_StagingWithCertificate_NoWarning()
    {
        // Arrange
        var folder = Directory.CreateTempSubdirectory("portal-keys-").FullName;
        try
        {
            var pfx = Path.Combine(folder, "keys.pfx");
            await File.WriteAllBytesAsync(pfx, SelfSignedPfx("pfx-password"));
            await using var portal = new LoggedPortal(Staging(new Dictionary<string, string?>
            {
                [KeyProtection.CertificatePathSetting] = pfx,
                ["DataProtection:Certificate:Password"] = "pfx-password",
            }), "Staging");

            // Act
            _ = portal.BaseUrl;
            var alerts = await HomeAlertsForAdminAsync(portal);

            // Assert
            Assert.DoesNotContain(portal.Logs.Lines, l => l.Contains(KeyProtection.CertificatePathSetting, StringComparison.Ordinal));
            Assert.DoesNotContain(alerts, a => a.Detail.Contains(KeyProtection.CertificatePathSetting, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Start_DevelopmentWithoutCertificate_NoWarning()
    {
        // Arrange
        await using var portal = new LoggedPortal(new Dictionary<string, string?>(), "Development");

        // Act
        _ = portal.BaseUrl;
        var alerts = await HomeAlertsForAdminAsync(portal);

        // Assert
        Assert.DoesNotContain(portal.Logs.Lines, l => l.Contains(KeyProtection.CertificatePathSetting, StringComparison.Ordinal));
        Assert.DoesNotContain(alerts, a => a.Detail.Contains(KeyProtection.CertificatePathSetting, StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<HomeAlert>> HomeAlertsForAdminAsync(PortalAppFactory portal)
    {
        // The home page's alerts as an administrator sees them (the summary service takes the signed-in person).
        await using var scope = portal.Services.CreateAsyncScope();
        var admin = FakeCurrentActor.For("admin").Actor;
        var alerts = new List<HomeAlert>();
        foreach (var source in scope.ServiceProvider.GetServices<IHomeAlertSource>())
        {
            alerts.AddRange(await source.GetAlertsAsync(admin, CancellationToken.None));
        }
        return alerts;
    }

    private static byte[] SelfSignedPfx(string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Portal Data Protection (test)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        return certificate.Export(X509ContentType.Pfx, password);
    }

    private sealed class LoggedPortal(IDictionary<string, string?> settings, string environment) : PortalAppFactory(settings, environment)
    {
        public LogCapture Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(Logs));
        }
    }
}
