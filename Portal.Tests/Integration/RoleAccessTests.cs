using System.Net;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

/// <summary>Every page and who may open it; extend <see cref="Pages"/> as features add pages.</summary>
public sealed class RoleAccessTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static readonly string[] s_everyone = ["admin", "director", "teacher"];
    private static readonly string[] s_directors = ["admin", "director"];
    private static readonly string[] s_admins = ["admin"];

    /// <summary>Path and the roles that may open it; every other role gets 403.</summary>
    private static readonly (string Path, string[] Allowed)[] s_pages =
    [
        ("/", s_everyone),
        ("/audit", s_directors),
        ("/audit/export.csv", s_directors),
        ("/jobs", s_admins),
        ("/webhooks", s_admins),
    ];

    public static TheoryData<string, string, HttpStatusCode> Pages()
    {
        var data = new TheoryData<string, string, HttpStatusCode>();
        foreach (var (path, allowed) in s_pages)
        {
            foreach (var role in s_everyone)
            {
                data.Add(path, role, allowed.Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
            }
        }
        return data;
    }

    public static TheoryData<string> Paths() => [.. s_pages.Select(p => p.Path)];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Get_SignedInRole_ReachesItsPagesAndGets403OnOthers(string path, string role, HttpStatusCode expected)
    {
        // Arrange
        using var client = factory.CreatePortalClient();
        await client.SignInAsync(role);

        // Act
        using var response = await client.GetAsync(path);

        // Assert
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("This page is not for your role", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Get_Anonymous_RedirectsToSignInWithReturnUrl(string path)
    {
        // Arrange
        using var client = factory.CreatePortalClient();

        // Act
        using var response = await client.GetAsync(path);

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("/dev/login", location.AbsolutePath);
        Assert.Contains("ReturnUrl=" + Uri.EscapeDataString(path), location.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AuditExport_Director_ReturnsCsvWithHeader()
    {
        // Arrange
        using var client = factory.CreatePortalClient();
        await client.SignInAsync("director");

        // Act
        using var response = await client.GetAsync("/audit/export.csv?actor=nobody");

        // Assert
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("When (UTC),Who,Action,Target,Old value,New value", (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
    }

    [Fact]
    public async Task UnknownPath_SignedIn_ShowsFriendly404()
    {
        // Arrange
        using var client = factory.CreatePortalClient();
        await client.SignInAsync("teacher");

        // Act
        using var response = await client.GetAsync("/no-such-page");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }
}
