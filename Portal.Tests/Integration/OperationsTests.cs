using System.Net;
using System.Text.Json;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

public sealed class OperationsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Health_Anonymous_ReturnsHealthy()
    {
        // Arrange
        using var client = factory.CreatePortalClient();

        // Act
        using var response = await client.GetAsync("/health");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthReady_Anonymous_ReportsTheDatabase()
    {
        // Arrange
        using var client = factory.CreatePortalClient();

        // Act
        using var response = await client.GetAsync("/health/ready");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var database = json.RootElement.GetProperty("checks").GetProperty("database");
        Assert.Equal("Healthy", database.GetProperty("status").GetString());
        Assert.Contains(TestDatabase.IsPostgreSql ? "Npgsql" : "Sqlite", database.GetProperty("description").GetString());
    }

    [Fact]
    public async Task HealthReady_DatabaseUnreachable_Returns503()
    {
        // Arrange: SQLite's "database file" is a folder, PostgreSQL's server socket does not exist; migrations off so the app still starts.
        await using var broken = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = TestDatabase.IsPostgreSql
                ? $"Host={factory.Folder};Port=1;Username=nobody;Database=none;Timeout=2"
                : $"Data Source={factory.Folder}",
            ["Database:Migrate"] = "false",
        });
        using var client = broken.CreatePortalClient();

        // Act
        using var response = await client.GetAsync("/health/ready");

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"Unhealthy\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DevelopmentSignIn_PostWithoutAntiforgeryToken_Returns400AndNoCookie()
    {
        // Arrange
        using var client = factory.CreatePortalClient();

        // Act
        using var response = await client.Http.PostAsync("account/dev-signin",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin", ["returnUrl"] = "/" }));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("Portal.Auth", StringComparison.Ordinal)));
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task SignOut_WithToken_EndsTheSession_WithoutToken_Returns400()
    {
        // Arrange
        using var client = factory.CreatePortalClient();
        await client.SignInAsync("admin");
        var token = await client.GetAntiforgeryTokenAsync("account/sign-out");

        // Act
        using var refused = await client.Http.PostAsync("account/signout", new FormUrlEncodedContent(new Dictionary<string, string>()));
        using var stillIn = await client.GetAsync("/");
        using var signedOut = await client.Http.PostAsync("account/signout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using var home = await client.GetAsync("/");

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/dev/login", home.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Startup_FreshDataFolder_CreatesDatabaseAndAppliesMigrations()
    {
        // Arrange: SQLite: a file in a folder that does not exist yet; PostgreSQL: an empty database.
        var folder = Path.Combine(factory.Folder, "fresh", "data");
        await using var empty = TestDatabase.CreateEmpty();
        await using var fresh = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = TestDatabase.IsPostgreSql ? empty.ConnectionString : $"Data Source={Path.Combine(folder, "portal.db")}",
        });

        // Act
        using var client = fresh.CreatePortalClient();
        using var response = await client.GetAsync("/health/ready");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (TestDatabase.IsPostgreSql)
        {
            Assert.Contains("ZoomConnections", await empty.TableNamesAsync());
        }
        else
        {
            Assert.True(File.Exists(Path.Combine(folder, "portal.db")));
        }
    }

    [Fact]
    public async Task SignOutPage_NotSignedIn_SaysSo_SignedIn_OffersTheForm()
    {
        // Arrange
        using var anonymous = factory.CreatePortalClient();
        using var signedIn = factory.CreatePortalClient();
        await signedIn.SignInAsync("director");

        // Act
        var anonymousPage = await anonymous.Http.GetStringAsync("account/sign-out");
        var signedInPage = await signedIn.Http.GetStringAsync("account/sign-out");

        // Assert
        Assert.Contains("You are not signed in.", anonymousPage);
        Assert.DoesNotContain("sign-out-form", anonymousPage);
        Assert.Contains("You are signed in as Dana Director.", signedInPage);
        Assert.Contains("id=\"sign-out-form\"", signedInPage);
    }

    [Theory]
    [InlineData("dark", true)]
    [InlineData("light", false)]
    public async Task SignedInPage_BeforeTheCircuitDrawsIt_HasTheChosenThemesBackground(string theme, bool darkBackground)
    {
        // Arrange
        using var client = factory.CreatePortalClient();
        await client.SignInAsync("director");
        client.Cookies.Add(client.Http.BaseAddress!, new Cookie("portal-theme", theme));

        // Act
        var html = await client.Http.GetStringAsync("staff");

        // Assert: the page is drawn by the circuit only (no prerendered content), and its empty page is already dark when chosen
        Assert.Contains("class=\"portal-boot\"", html);
        Assert.DoesNotContain("Zoom mapping", html);
        Assert.Equal(darkBackground, html.Contains(":root { --mud-palette-background:", StringComparison.Ordinal));
    }
}
