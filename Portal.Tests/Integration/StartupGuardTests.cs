using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

public sealed class StartupGuardTests
{
    [Fact]
    public async Task Start_ProductionWithDevelopmentSignIn_Refuses()
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "Development",
            ["Zoom:Sandbox:Enabled"] = "false",
        }, environment: "Production");

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        Assert.Contains("development sign-in cannot run in Production", Flatten(error));
    }

    [Fact]
    public async Task Start_ProductionWithoutAnyAuthenticationSettings_RefusesInsteadOfFallingBackToDevelopmentSignIn()
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = null,
            ["Zoom:Sandbox:Enabled"] = "false",
        }, environment: "Production");

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        Assert.Contains("development sign-in cannot run in Production", Flatten(error));
    }

    [Fact]
    public async Task Start_ProductionWithSandbox_Refuses()
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "AzureAd",
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "contoso.example",
            ["AzureAd:ClientId"] = "11111111-1111-1111-1111-111111111111",
            ["Zoom:Sandbox:Enabled"] = "true",
        }, environment: "Production");

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        Assert.Contains("Zoom sandbox cannot run in Production", Flatten(error));
    }

    [Fact]
    public async Task Start_AzureAdModeWithoutClientId_RefusesWithTheMissingKey()
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Authentication:Mode"] = "AzureAd",
            ["AzureAd:TenantId"] = "contoso.example",
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
