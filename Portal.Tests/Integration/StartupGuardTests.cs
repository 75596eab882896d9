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
    public async Task Start_DevelopmentSignInAndSandboxOutsideDevelopment_NamesBothSettingsAtOnce()
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "Development",
            ["Zoom:Sandbox:Enabled"] = "true",
        }, "Staging");

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        var message = Flatten(error);
        Assert.Contains("development sign-in runs only in the Development environment (this is 'Staging')", message);
        Assert.Contains("set Zoom:Sandbox:Enabled to false", message);
    }

    [Theory]
    [InlineData("Staging", false, "AzureAd:ClientId")]
    [InlineData("Staging", true, "Zoom:Sandbox:Enabled")]
    [InlineData("Developmnet", true, "Zoom:Sandbox:Enabled")]
    public async Task Start_RealProcessOutsideDevelopment_ExitsWithOneLineNamingTheSetting(string environment, bool sandbox, string setting)
    {
        // Arrange: the built portal with the shipped appsettings.json, as an operator starts it.
        var database = Path.Combine(Path.GetTempPath(), $"portal-refused-{Guid.NewGuid():N}.db");
        await using var portal = PortalProcess.Start(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["DOTNET_ENVIRONMENT"] = environment,
            ["ConnectionStrings:Portal"] = $"Data Source={database}",
            ["Zoom:Sandbox:Enabled"] = sandbox ? "true" : "false",
        });

        // Act
        var exitCode = await portal.WaitForExitAsync(TimeSpan.FromSeconds(90));

        // Assert
        Assert.Equal(1, exitCode);
        var line = Assert.Single(portal.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Portal did not start: ", line, StringComparison.Ordinal);
        Assert.Contains($"(this is '{environment}')", line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.False(File.Exists(database), "Nothing is written before the refusal.");
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
