using System.Net;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

public sealed class SignInTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Home_Anonymous_RedirectsToDevelopmentSignIn()
    {
        // Arrange
        using var client = factory.CreatePortalClient();

        // Act
        using var response = await client.GetAsync("/");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dev/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task AuditLog_Teacher_Gets403_Director_Gets200()
    {
        // Arrange
        using var teacher = factory.CreatePortalClient();
        using var director = factory.CreatePortalClient();
        await teacher.SignInAsync("teacher");
        await director.SignInAsync("director");

        // Act
        using var forbidden = await teacher.GetAsync("/audit");
        using var allowed = await director.GetAsync("/audit");

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await director.SeenAsync("/audit", "Audit log");
    }
}
