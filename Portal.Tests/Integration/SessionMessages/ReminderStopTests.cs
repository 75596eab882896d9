using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.SessionMessages;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.SessionMessages;

/// <summary>The reminders' one-click opt-out over HTTP: the confirmation page, the RFC 8058 POST, a wrong token and the rate limit.</summary>
public sealed class ReminderStopTests
{
    private static CustomPortalAppFactory Portal(int permits = 20) => new(new Dictionary<string, string?>
    {
        ["Sessions:JoinRateLimit:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sessions:JoinRateLimit:Window"] = "00:05:00",
        ["Staff:SeedDemoRoster"] = "false",
    });

    private static string TokenFor(CustomPortalAppFactory factory, string email)
    {
        using var scope = factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ClientReminderOptOuts>().TokenFor(email);
    }

    private static async Task<List<string>> OptedOutAsync(CustomPortalAppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.ClientReminderOptOuts.Select(o => o.Email).ToListAsync();
    }

    [Fact]
    public async Task Get_ValidToken_ShowsAConfirmationWithAButtonAndRecordsNothing()
    {
        // Arrange
        await using var factory = Portal();
        using var client = factory.CreatePortalClient();
        var path = ClientReminderOptOuts.PathPrefix + TokenFor(factory, "Pat@Example.org");

        // Act
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Stop session reminders?", html);
        Assert.Contains($"<form method=\"post\" action=\"{path}\"", html);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", html);
        Assert.DoesNotContain("pat@example.org", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Empty(await OptedOutAsync(factory));
    }

    [Fact]
    public async Task Post_OneClickBody_RecordsTheOptOutOnceWithoutAnySignInOrAntiforgery()
    {
        // Arrange
        await using var factory = Portal();
        using var client = factory.CreatePortalClient();
        var path = ClientReminderOptOuts.PathPrefix + TokenFor(factory, "Pat@Example.org");

        // Act: what a mail provider sends (RFC 8058), twice.
        using var first = await client.Http.PostAsync(path.TrimStart('/'), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var second = await client.Http.PostAsync(path.TrimStart('/'), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var html = await first.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("Reminders stopped", html);
        Assert.Equal(["pat@example.org"], await OptedOutAsync(factory));
    }

    [Fact]
    public async Task GetAndPost_WrongToken_404AndNothingRecorded()
    {
        // Arrange
        await using var factory = Portal();
        using var client = factory.CreatePortalClient();
        var forged = ClientReminderOptOuts.PathPrefix + "cGF0QGV4YW1wbGUub3Jn";

        // Act
        using var get = await client.GetAsync(forged);
        using var post = await client.Http.PostAsync(forged.TrimStart('/'), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Contains("This link does not work", await get.Content.ReadAsStringAsync());
        Assert.Empty(await OptedOutAsync(factory));
    }

    [Fact]
    public async Task Get_MoreRequestsThanThePermitLimit_Answers429LikeTheJoinPage()
    {
        // Arrange
        await using var factory = Portal(permits: 3);
        using var client = factory.CreatePortalClient();

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync($"{ClientReminderOptOuts.PathPrefix}guess-{i}");
            statuses.Add(response.StatusCode);
        }

        // Assert
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }
}
