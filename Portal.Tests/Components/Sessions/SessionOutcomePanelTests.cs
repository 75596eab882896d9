using Bunit;
using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Sessions;
using Portal.Core.Features.Outcomes;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;
using Portal.Tests.Core.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Sessions;

/// <summary>The session page's "What happened" panel and the list's outcome column over the real services, signed in as a director.</summary>
public sealed class SessionOutcomePanelTests : PortalComponentTest
{
    private readonly SessionTestHarness _h = new();
    private readonly int _terry;

    public SessionOutcomePanelTests()
    {
        SignInAs("director");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        Services.AddSingleton<ICurrentActor>(_h.Actor);
        Services.AddSingleton<ISessionService>(_h.Service);
        Services.AddSingleton<ISessionOutcomes>(_h.Outcomes);
        Services.AddSingleton(_h.Signals);
        Services.AddSingleton(_h.Recordings);
        Services.AddSingleton<IValidator<RescheduleSessionRequest>, RescheduleSessionRequestValidator>();
        Services.AddSingleton<TimeProvider>(_h.Clock);
        _h.Zoom.AddUser("zu-terry", "terry.teacher@writing.example.edu");
        _terry = _h.AddStaff("Terry Teacher", "terry.teacher@writing.example.edu", "zu-terry");
    }

    protected override async Task DisposeTestAsync() => await _h.DisposeAsync();

    private async Task<long> ScheduleAsync()
    {
        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, hoursFromNow: 1));
        Assert.True(result.Succeeded, result.Message);
        return result.SessionId!.Value;
    }

    private async Task ApplyAsync(long sessionId, params MeetingFact[] facts)
    {
        await using var db = _h.DbFactory.CreateDbContext();
        await _h.OutcomeUpdater.ApplyAsync(db, sessionId, facts, CancellationToken.None);
        await db.SaveChangesAsync();
        _h.Signals.Raise(sessionId);
    }

    private DateTimeOffset At(int minutes) => _h.Clock.GetUtcNow().AddMinutes(minutes);

    private MeetingFact Host(long id, MeetingFactKind kind, int minute) =>
        MeetingFacts.Participant(id, kind, "u1", At(minute), "p-host", "zu-terry", "1", "Terry Teacher", "terry.teacher@writing.example.edu");

    private MeetingFact Client(long id, MeetingFactKind kind, int minute, string name = "Chris Client") =>
        MeetingFacts.Participant(id, kind, "u1", At(minute), "p-client", null, "2", name, null);

    [Fact]
    public async Task SessionDetailsPage_MeetingEvents_ShowLiveStateThenOutcomeWithoutReload()
    {
        // Arrange
        var id = await ScheduleAsync();
        var cut = Render<SessionDetailsPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.Contains("Nothing from Zoom yet", cut.Find("#session-outcome").TextContent));

        // Act: the host starts and the client joins (the page is not rendered again by the test)
        await ApplyAsync(id, MeetingFacts.Meeting(id, MeetingFactKind.Started, "u1", At(0)), Host(id, MeetingFactKind.Joined, 0), Client(id, MeetingFactKind.Joined, 1));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Host and client in the meeting", cut.Find("#outcome-status").TextContent));

        // Act: the meeting ends
        await ApplyAsync(id, MeetingFacts.Meeting(id, MeetingFactKind.Ended, "u1", At(45)));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Held", cut.Find("#outcome-status").TextContent));
        var attendance = cut.Find("#outcome-attendance").TextContent;
        Assert.Contains("Terry Teacher", attendance);
        Assert.Contains("Chris Client", attendance);
        Assert.Contains("45 minutes", cut.Find("#outcome-facts").TextContent);
    }

    [Fact]
    public async Task SessionDetailsPage_DirectorCorrectsOutcome_ShownAndAudited()
    {
        // Arrange: the client joined under a nickname, so Zoom's data says they did not come
        var id = await ScheduleAsync();
        await ApplyAsync(id, MeetingFacts.Meeting(id, MeetingFactKind.Started, "u1", At(0)), Host(id, MeetingFactKind.Joined, 0),
            Client(id, MeetingFactKind.Joined, 1, "KC"), MeetingFacts.Meeting(id, MeetingFactKind.Ended, "u1", At(30)));
        var cut = Render<SessionDetailsPage>(p => p.Add(x => x.Id, id));
        cut.WaitForAssertion(() => Assert.Contains("Client did not come", cut.Find("#outcome-status").TextContent));

        // Act
        await cut.InvokeAsync(() => _h.Outcomes.AssignAsync(id, "p:p-client", AttendeeRole.Client));
        _h.Signals.Raise(id);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Held", cut.Find("#outcome-status").TextContent));
        await using var db = _h.DbFactory.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == OutcomeAuditActions.ParticipantAssigned));
    }

    [Fact]
    public async Task SessionsPage_OutcomeArrives_ListShowsItWithoutReload()
    {
        // Arrange
        var id = await ScheduleAsync();
        var cut = Render<SessionsPage>();
        cut.WaitForAssertion(() => Assert.Contains("Essay review", cut.Markup));

        // Act
        await ApplyAsync(id, MeetingFacts.Meeting(id, MeetingFactKind.Started, "u1", At(0)), Host(id, MeetingFactKind.Joined, 0));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Host in the meeting", cut.Find("#sessions-grid").TextContent));
    }
}
