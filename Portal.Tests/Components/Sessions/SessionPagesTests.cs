using Bunit;
using FluentValidation;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Sessions;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Outcomes;
using Portal.Core.Features.Sessions;
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

    private static string Text<T>(IRenderedComponent<T> cut) where T : IComponent => string.Concat(cut.Nodes.Select(n => n.TextContent));
}
