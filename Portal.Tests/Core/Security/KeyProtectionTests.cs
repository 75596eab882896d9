using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Core.Security;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Security;

public sealed class KeyProtectionTests
{
    private static KeyProtectionHomeAlertSource Source(string environment, string? certificatePath) =>
        new(new KeyProtection(
            Options.Create(new DataProtectionSettings { Certificate = new() { Path = certificatePath } }),
            new TestEnvironment(environment)));

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task GetAlertsAsync_OutsideDevelopmentWithoutCertificate_WarnsAdministratorsWithTheSetting(string environment)
    {
        // Arrange
        var source = Source(environment, certificatePath: null);

        // Act
        var alerts = await source.GetAlertsAsync(FakeCurrentActor.For("admin").Actor, CancellationToken.None);

        // Assert
        var alert = Assert.Single(alerts);
        Assert.Contains(KeyProtection.CertificatePathSetting, alert.Detail);
    }

    [Theory]
    [InlineData("Production", "/etc/portal/keys.pfx", "admin")]
    [InlineData("Development", null, "admin")]
    [InlineData("Production", null, "director")]
    [InlineData("Production", null, "teacher")]
    public async Task GetAlertsAsync_KeysProtectedOrDevelopmentOrNotAnAdministrator_NoAlert(string environment, string? certificatePath, string user)
    {
        // Arrange
        var source = Source(environment, certificatePath);

        // Act
        var alerts = await source.GetAlertsAsync(FakeCurrentActor.For(user).Actor, CancellationToken.None);

        // Assert
        Assert.Empty(alerts);
    }

    private sealed class TestEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Portal";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
