using Bunit;
using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Components.Pages.Sessions;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Outcomes;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Tests.Core.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Sessions;

/// <summary>The sessions pages over the real SessionService (a test database, a fake Zoom and clock), signed in as a director.</summary>
public sealed class SessionPagesTests : PortalComponentTest
{
    private readonly SessionTestHarness _h = new();
    private int _terry;

    public SessionPagesTests()
    {
        SignInAs("director");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        Services.AddSingleton<ICurrentActor>(_h.Actor);
        Services.AddSingleton<ISessionService>(_h.Service);
        Services.AddSingleton<ISessionOutcomes>(_h.Outcomes);
        Services.AddSingleton(_h.Signals);
        Services.AddSingleton<IValidator<ScheduleSessionRequest>, ScheduleSessionRequestValidator>();
        Services.AddSingleton<IValidator<RescheduleSessionRequest>, RescheduleSessionRequestValidator>();
        Services.AddSingleton<TimeProvider>(_h.Clock);
        Services.AddSingleton(_h.Recordings);
        _h.Zoom.AddUser("zu-terry", "terry.teacher@writing.example.edu");
        _terry = _h.AddStaff("Terry Teacher", "terry.teacher@writing.example.edu", "zu-terry");
    }

    protected override async Task DisposeTestAsync() => await _h.DisposeAsync();

    [Fact]
    public void ScheduleSessionPage_SubmitEmpty_ShowsTheValidatorsMessages()
    {
        // Arrange: a second staff member, so no host is preselected
        _h.AddStaff("Tess Tutor", "tess.tutor@writing.example.edu", "zu-tess");
        var cut = Render<ScheduleSessionPage>();
        cut.WaitForAssertion(() => cut.Find("button#schedule-submit"));

        // Act
        cut.Find("button#schedule-submit").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Choose the staff member who hosts the session.", Text(cut)));
        Assert.Contains("Enter the client's name.", Text(cut));
        Assert.Contains("Enter the client's e-mail address.", Text(cut));
        Assert.Contains("Choose a date.", Text(cut));
        Assert.Contains("Enter a topic.", Text(cut));
        Assert.Empty(_h.Zoom.Meetings);
    }

    [Fact]
    public async Task SessionDetailsPage_RescheduleWithoutTopic_ShowsTheValidatorsMessage()
    {
        // Arrange
        var scheduled = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));
        var id = scheduled.SessionId!.Value;
        var cut = Render<SessionDetailsPage>(p => p.Add(c => c.Id, id));
        cut.WaitForAssertion(() => cut.Find("button#show-reschedule"));
        cut.Find("button#show-reschedule").Click();
        cut.WaitForAssertion(() => cut.Find("#re-topic"));

        // Act
        cut.Find("#re-topic").Change("");
        cut.Find("button#reschedule-submit").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Enter a topic.", Text(cut)));
        Assert.Equal("Essay review", _h.Load(id).Topic);
    }

    [Fact]
    public async Task SessionDetailsPage_ClientAddressMailCannotUse_SaysSoAndListsTheEmailsWithTheirStatus()
    {
        // Arrange: the form accepts the address, mail cannot be sent to it (no domain).
        var request = SessionTestHarness.Request(_terry);
        request.ClientEmail = "chris@localhost";
        var id = (await _h.Service.ScheduleAsync(request)).SessionId!.Value;

        // Act
        var cut = Render<SessionDetailsPage>(p => p.Add(c => c.Id, id));

        // Assert
        cut.WaitForAssertion(() => cut.Find("#client-email-problem"));
        Assert.Equal("E-mail to the client could not be sent: 'chris@localhost' is not an e-mail address.", cut.Find("#client-email-problem").TextContent.Trim());
        var rows = cut.FindAll("#session-messages tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.TextContent.Contains("To chris@localhost") && r.TextContent.Contains("Not sent: 'chris@localhost' is not an e-mail address."));
        Assert.Contains(rows, r => r.TextContent.Contains("To terry.teacher@writing.example.edu") && r.TextContent.Contains("Waiting to be sent"));
    }

    [Fact]
    public async Task SessionsPage_ConnectionInTheAddress_ListsOnlyThatConnectionsSessions()
    {
        // Arrange: one session in each of two connections
        var first = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, "Essay in the first account"));
        var second = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, "Essay in the second account", hoursFromNow: 48));
        await using (var db = _h.DbFactory.CreateDbContext())
        {
            db.ZoomConnections.Add(new ZoomConnection { Id = 2, Name = "Second", Slug = "second", Kind = ConnectionKind.ServerToServer, AccountId = "acc-2", ClientId = "c", EncryptedClientSecret = "x" });
            await db.SaveChangesAsync();
            await db.Sessions.Where(s => s.Id == second.SessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ConnectionId, 2));
        }
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/sessions?connection=2");

        // Act
        var cut = Render<SessionsPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Essay in the second account", Text(cut)));
        Assert.DoesNotContain("Essay in the first account", Text(cut));

        // Act: the drawer's selector chooses every connection (the address loses its choice)
        navigation.NavigateTo("/sessions");

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Essay in the first account", Text(cut)));
        Assert.Contains("Essay in the second account", Text(cut));
        Assert.NotNull(first.SessionId);
    }

    [Fact]
    public void ScheduleSessionPage_BasicHostChosen_WarningLineBeforeSubmit()
    {
        // Arrange
        var bea = _h.AddStaff("Bea Basic", "bea.basic@writing.example.edu", "zu-bea", MappingStatus.Basic);
        _h.AddStaff("Nina Notinzoom", "nina.notinzoom@writing.example.edu", null, MappingStatus.NotInZoom);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/sessions/new?staff={bea}");

        // Act
        var cut = Render<ScheduleSessionPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Bea Basic: Basic: Zoom ends their meetings after 40 minutes.", cut.Find("#host-note").TextContent));
        Assert.Empty(_h.Zoom.Meetings);
    }

    [Fact]
    public void ScheduleSessionPage_HostWhoCannotHostInTheAddress_NotPreselected()
    {
        // Arrange
        var nina = _h.AddStaff("Nina Notinzoom", "nina.notinzoom@writing.example.edu", null, MappingStatus.NotInZoom);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/sessions/new?staff={nina}");

        // Act
        var cut = Render<ScheduleSessionPage>();

        // Assert
        cut.WaitForAssertion(() => cut.Find("button#schedule-submit"));
        Assert.Empty(cut.FindAll("#host-note"));
    }

    [Fact]
    public async Task SessionDetailsPage_ScheduledEarlier_TheSameLinkShownAgain()
    {
        // Arrange
        var scheduled = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));

        // Act
        var cut = Render<SessionDetailsPage>(p => p.Add(c => c.Id, scheduled.SessionId!.Value));

        // Assert
        cut.WaitForAssertion(() => Assert.EndsWith("/join/" + scheduled.JoinToken, cut.Find("#join-link").GetAttribute("value")));
    }

    [Fact]
    public async Task SessionList_HostSeesStartAndCopyLink_DirectorOnlyCopyLink()
    {
        // Arrange
        var id = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry))).SessionId!.Value;

        // Act
        var forDirector = Render<SessionList>(p => p.Add(c => c.Mine, false));
        forDirector.WaitForAssertion(() => forDirector.Find($"#copy-link-{id}"));
        _h.Actor.Set(Roles.Teacher, "terry.teacher@writing.example.edu", "Terry Teacher");
        var forHost = Render<SessionList>(p => p.Add(c => c.Mine, true));

        // Assert
        forHost.WaitForAssertion(() => forHost.Find($"#start-{id}"));
        Assert.Equal($"/sessions/{id}/start", forHost.Find($"#start-{id}").GetAttribute("href"));
        Assert.NotNull(forHost.Find($"#copy-link-{id}"));
        Assert.Empty(forDirector.FindAll($"#start-{id}"));
    }

    [Fact]
    public void ScheduleSessionPage_BrowserGivesNoZone_ConfiguredDefaultZone()
    {
        // Arrange
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new SessionsOptions { DefaultTimeZone = "Europe/Berlin" }));

        // Act
        var cut = Render<ScheduleSessionPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("Europe/Berlin", cut.Find("#time-zone").GetAttribute("value")));
    }

    [Fact]
    public void ScheduleSessionPage_BrowserGivesItsZone_ThatZone()
    {
        // Arrange
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new SessionsOptions { DefaultTimeZone = "Europe/Berlin" }));
        JSInterop.Setup<string?>("portal.timeZone").SetResult("America/Chicago");

        // Act
        var cut = Render<ScheduleSessionPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("America/Chicago", cut.Find("#time-zone").GetAttribute("value")));
    }

    private static string Text<T>(IRenderedComponent<T> cut) where T : IComponent => string.Concat(cut.Nodes.Select(n => n.TextContent));
}
