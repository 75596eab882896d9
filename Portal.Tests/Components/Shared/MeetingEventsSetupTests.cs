using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Shared;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Outcomes;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Shared;

public sealed class MeetingEventsSetupTests : PortalComponentTest
{
    private readonly TestDatabase _database = new();

    public MeetingEventsSetupTests()
    {
        SignInAs("admin");
        Services.AddSingleton<Microsoft.EntityFrameworkCore.IDbContextFactory<PortalDbContext>>(_database);
        Services.AddScoped<IMeetingEventStatus, MeetingEventStatus>();
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task MeetingEventsSetup_EventsArrivedAndSomeIgnored_ListsSubscriptionsLastEventAndCount()
    {
        // Arrange
        await using (var db = _database.CreateDbContext())
        {
            db.ZoomConnections.Add(new ZoomConnection { Id = 3, Name = "Main", Slug = "main", Kind = ConnectionKind.ServerToServer, AccountId = "a", ClientId = "c" });
            db.MeetingEventTallies.Add(new MeetingEventTally
            {
                ConnectionId = 3, IgnoredEvents = 12, LastMeetingEventAt = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero),
            });
            await db.SaveChangesAsync();
        }

        // Act
        var cut = Render<MeetingEventsSetup>(p => p.Add(x => x.ConnectionId, 3).Add(x => x.EndpointUrl, "https://portal.example.edu/zoom/webhooks/main"));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("2026-03-01 09:30", cut.Find("#last-meeting-event").TextContent));
        Assert.Contains("12 events of meetings the portal did not create were ignored", cut.Find("#last-meeting-event").TextContent);
        Assert.Equal(MeetingEventSubscriptions.Events.Count, cut.FindAll("#meeting-event-list li").Count);
        Assert.Contains("https://portal.example.edu/zoom/webhooks/main", cut.Markup);
    }
}
