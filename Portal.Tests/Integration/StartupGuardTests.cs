using System.Net;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

public sealed class StartupGuardTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Test")]
    [InlineData("Developmnet")]
    public async Task Start_DevelopmentSignInOutsideDevelopment_RefusesNamingTheSetting(string environment)
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "Development",
            ["Zoom:Sandbox:Enabled"] = "false",
        }, environment);

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        var message = Flatten(error);
        Assert.Contains($"development sign-in runs only in the Development environment (this is '{environment}')", message);
        Assert.Contains("Authentication:Mode", message);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Test")]
    [InlineData("Developmnet")]
    public async Task Start_NoAuthenticationSettingsOutsideDevelopment_RefusesNamingAzureAdClientId(string environment)
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = null,
            ["Zoom:Sandbox:Enabled"] = "false",
        }, environment);

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        var message = Flatten(error);
        Assert.Contains($"development sign-in runs only in the Development environment (this is '{environment}')", message);
        Assert.Contains("AzureAd:ClientId", message);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Test")]
    [InlineData("Developmnet")]
    public async Task Start_SandboxOutsideDevelopment_RefusesNamingTheSetting(string environment)
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "AzureAd",
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "8f3e6a52-2b1c-4d7e-9a0f-5c6b7d8e9f01",
            ["AzureAd:ClientId"] = "11111111-1111-1111-1111-111111111111",
            ["Zoom:Sandbox:Enabled"] = "true",
        }, environment);

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        var message = Flatten(error);
        Assert.Contains($"Zoom sandbox runs only in the Development environment (this is '{environment}')", message);
        Assert.Contains("Zoom:Sandbox:Enabled", message);
    }

    [Fact]
    public async Task Start_DevelopmentWithDevelopmentSignInAndSandbox_OffersBoth()
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "Development",
            ["Zoom:Sandbox:Enabled"] = "true",
        }, "Development");
        using var client = app.CreatePortalClient();

        // Act
        using var login = await client.GetAsync("/dev/login");
        using var sandbox = await client.GetAsync("/_zoom-sandbox/");

        // Assert
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sandbox.StatusCode);
    }

    [Fact]
    public async Task Start_AzureAdModeWithoutClientId_RefusesWithTheMissingKey()
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "AzureAd",
            ["AzureAd:TenantId"] = "8f3e6a52-2b1c-4d7e-9a0f-5c6b7d8e9f01",
            ["AzureAd:ClientId"] = "",
        });

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        Assert.Contains("AzureAd:ClientId is not set", Flatten(error));
    }

    private static string Flatten(Exception? error)
    {
        Assert.NotNull(error);
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        return string.Join(" | ", messages);
    }
}
