using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Shell;

namespace Portal.Tests.Integration.ReverseProxy;

public sealed class ForwardedHeadersSettingsTests
{
    [Fact]
    public void ForwardedHeadersOptions_Configured_ReplaceTheLoopbackDefaults()
    {
        // Arrange
        using var services = Build(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.1.0.0/16",
            ["ForwardedHeaders:AllowedHosts:0"] = "portal.example.edu",
        });

        // Act
        var options = services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        // Assert
        Assert.Equal([IPAddress.Parse("10.0.0.5")], options.KnownProxies);
        Assert.Equal([System.Net.IPNetwork.Parse("10.1.0.0/16")], options.KnownIPNetworks);
        Assert.Equal(["portal.example.edu"], options.AllowedHosts);
    }

    [Fact]
    public void ForwardedHeadersOptions_NothingConfigured_TrustsNoProxy()
    {
        // Arrange
        using var services = Build(new Dictionary<string, string?>());

        // Act
        var options = services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        // Assert
        Assert.Empty(options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
    }

    [Theory]
    [InlineData("KnownProxies", "10.0.0.0/24", "ForwardedHeaders:KnownProxies:0 ('10.0.0.0/24') is not an IP address")]
    [InlineData("KnownNetworks", "proxy.example.edu", "ForwardedHeaders:KnownNetworks:0 ('proxy.example.edu') is not a network in CIDR notation")]
    public void ForwardedHeadersSettings_InvalidEntry_FailNamingTheKey(string key, string value, string expected)
    {
        // Arrange
        using var services = Build(new Dictionary<string, string?> { [$"ForwardedHeaders:{key}:0"] = value });

        // Act
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value);

        // Assert
        Assert.Contains(expected, error.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddPortalForwardedHeaders();
        return services.BuildServiceProvider();
    }
}
