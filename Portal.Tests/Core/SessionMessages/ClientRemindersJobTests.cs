using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Tests.Core.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.SessionMessages;

/// <summary>The clients' reminders: once per session, Sessions:ClientReminderBefore ahead, never to a cancelled session or an opted-out address.</summary>
public sealed class ClientRemindersJobTests : IAsyncLifetime
{
    private const string Client = "chris@example.org";
    private readonly SessionTestHarness _h = new();
    private int _terry;

    public Task InitializeAsync()
    {
        _h.Zoom.AddUser("zu-terry", "terry.teacher@writing.example.edu");
        _terry = _h.AddStaff("Terry Teacher", "terry.teacher@writing.example.edu", "zu-terry");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private ClientRemindersJob Job() => new(_h.DbFactory, _h.Mailer, Options.Create(_h.SessionsOptions), _h.Clock);

    private Task<string?> RunAsync() => Job().RunAsync(new JobContext(null, new Progress<JobProgress>(), "test"), CancellationToken.None);

    private IReadOnlyList<OutboxMessage> Reminders() => _h.QueuedMessages().Where(m => m.Kind == NotificationKind.ClientReminder).ToList();

    private async Task<long> ScheduleAsync(int hoursFromNow, string topic = "Essay review", string email = Client)
    {
        var request = SessionTestHarness.Request(_terry, topic, hoursFromNow);
        request.ClientEmail = email;
        var result = await _h.Service.ScheduleAsync(request);
        Assert.True(result.Succeeded, result.Message);
        return result.SessionId!.Value;
    }

    [Fact]
    public async Task Run_SessionWithinTheReminderTime_QueuesOneReminderWithTheOptOutOnlyOnce()
    {
        // Arrange: scheduled 30 hours ahead, then 7 hours pass (23 hours left, within the 24-hour default).
        var id = await ScheduleAsync(30);
        Assert.Contains("0 reminders", await RunAsync());
        _h.Clock.Advance(TimeSpan.FromHours(7));

        // Act
        var first = await RunAsync();
        var second = await RunAsync();

        // Assert
        Assert.Equal("1 reminder queued.", first);
        Assert.Equal("0 reminders queued.", second);
        var reminder = Assert.Single(Reminders());
        Assert.Equal(Client, reminder.ToAddress);
        Assert.Equal(id, reminder.SessionId);
        Assert.StartsWith("Reminder: Essay review, ", reminder.Subject);
        Assert.StartsWith(SessionTestHarness.PortalUrl + ClientReminderOptOuts.PathPrefix, reminder.UnsubscribeUrl);
        Assert.Contains(reminder.UnsubscribeUrl!, reminder.TextBody);
        Assert.Contains("href=\"" + reminder.UnsubscribeUrl + "\"", reminder.HtmlBody);
        Assert.Contains("/join/", reminder.TextBody);
        Assert.DoesNotContain(Client, reminder.UnsubscribeUrl);
    }

    [Fact]
    public async Task Run_CancelledSessionOrOptedOutAddress_NoReminder()
    {
        // Arrange: two sessions due; one cancelled, the other's address opted out through an earlier reminder's link.
        var cancelled = await ScheduleAsync(30, "Cancelled one");
        await ScheduleAsync(32, "Opted out", "Pat@Example.org");
        Assert.True((await _h.Service.CancelAsync(cancelled)).Succeeded);
        var token = _h.OptOuts.TokenFor("pat@example.org");
        Assert.True(await _h.OptOuts.OptOutAsync(token));
        _h.Clock.Advance(TimeSpan.FromHours(10));

        // Act
        var summary = await RunAsync();

        // Assert
        Assert.Equal("0 reminders queued.", summary);
        Assert.Empty(Reminders());
    }

    [Fact]
    public async Task OptOut_TokenFromAReminder_LaterRemindersToThatAddressNotQueued()
    {
        // Arrange: a first reminder goes out; the client opts out with its link.
        await ScheduleAsync(30, "First");
        await ScheduleAsync(60, "Second");
        _h.Clock.Advance(TimeSpan.FromHours(7));
        await RunAsync();
        var url = Assert.Single(Reminders()).UnsubscribeUrl!;
        var token = url[(SessionTestHarness.PortalUrl + ClientReminderOptOuts.PathPrefix).Length..];

        // Act
        var done = await _h.OptOuts.OptOutAsync(token);
        var again = await _h.OptOuts.OptOutAsync(token);
        _h.Clock.Advance(TimeSpan.FromHours(30));
        var summary = await RunAsync();

        // Assert
        Assert.True(done);
        Assert.True(again);
        Assert.True(await _h.OptOuts.IsRecordedAsync(Client));
        Assert.Equal("0 reminders queued.", summary);
        Assert.Single(Reminders());
        Assert.False(await _h.OptOuts.OptOutAsync(token[..^4] + "AAAA"));
        Assert.False(await _h.OptOuts.OptOutAsync("not-a-token"));
    }

    [Fact]
    public async Task Schedule_StartsWithinTheReminderTime_TheLinkMessageServesAndNoReminderFollows()
    {
        // Arrange
        await ScheduleAsync(3);

        // Act
        var summary = await RunAsync();

        // Assert
        Assert.Equal("0 reminders queued.", summary);
        Assert.Single(_h.QueuedMessages(), m => m.Kind == NotificationKind.ClientSessionLink);
    }

    [Fact]
    public async Task Run_SessionMovedAfterItsReminder_RemindsOfTheNewTime()
    {
        // Arrange: reminded, then moved two days later.
        var id = await ScheduleAsync(20);
        _h.Clock.Advance(TimeSpan.FromHours(7));
        Assert.Equal("0 reminders queued.", await RunAsync());
        var session = _h.Load(id);
        var later = session.StartsAt.AddDays(2);
        Assert.True((await _h.Service.RescheduleAsync(id, new RescheduleSessionRequest
        {
            StartDate = later.UtcDateTime.Date, StartTime = later.UtcDateTime.TimeOfDay, TimeZone = "UTC", DurationMinutes = 60, Topic = "Essay review",
        })).Succeeded);
        Assert.Equal("0 reminders queued.", await RunAsync());

        // Act
        _h.Clock.Advance(TimeSpan.FromDays(2));
        var summary = await RunAsync();

        // Assert
        Assert.Equal("1 reminder queued.", summary);
        Assert.Contains(later.UtcDateTime.ToString("dddd d MMMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture), Assert.Single(Reminders()).Subject);
    }

    [Fact]
    public async Task Run_ReminderTimeZero_QueuesNothing()
    {
        // Arrange
        await ScheduleAsync(30);
        _h.SessionsOptions.ClientReminderBefore = TimeSpan.Zero;
        _h.Clock.Advance(TimeSpan.FromHours(20));

        // Act
        var summary = await RunAsync();

        // Assert
        Assert.Contains("off", summary);
        Assert.Empty(Reminders());
    }

    [Fact]
    public async Task Run_ThousandSessionsInTheSameHour_QueuesEachOnceInAFewCommands()
    {
        // Arrange: 1,000 sessions starting between 10:00 and 11:00 tomorrow, written directly (Zoom is not the point here).
        var start = SessionTestHarness.Now.AddHours(25);
        await using (var db = _h.DbFactory.CreateDbContext())
        {
            for (var i = 0; i < 1000; i++)
            {
                var session = new Session
                {
                    StaffMemberId = _terry, ConnectionId = 1, ClientName = $"Client {i}", ClientEmail = $"client{i}@example.org",
                    StartsAt = start.AddSeconds(i * 3), EndsAt = start.AddSeconds(i * 3).AddHours(1), TimeZone = "UTC", DurationMinutes = 60,
                    Topic = $"Session {i}", ZoomMeetingId = 10_000 + i, JoinTokenHash = "", CreatedAt = SessionTestHarness.Now, UpdatedAt = SessionTestHarness.Now,
                };
                _h.Secrets.IssueFor(session);
                db.Sessions.Add(session);
            }
            await db.SaveChangesAsync();
        }
        _h.Clock.Advance(TimeSpan.FromHours(2));
        using var counter = new SqlCommandCounter(_h.Database.ConnectionString);

        // Act
        var summary = await RunAsync();
        var commands = counter.Count;

        // Assert
        Assert.Equal("1,000 reminders queued.", summary);
        var reminders = Reminders();
        Assert.Equal(1000, reminders.Count);
        Assert.Equal(1000, reminders.Select(r => r.ToAddress).Distinct().Count());
        Assert.All(reminders, r => Assert.StartsWith($"Reminder: Session {r.ToAddress[6..^12]}, ", r.Subject));
        // No reading per session: two batches of (find, load earlier marks, save) and the empty look that ends the run. The save
        // writes two rows per reminder (message and mark), each its own command on SQLite, batched on PostgreSQL.
        Assert.True(commands <= 2 * 1000 + 10, $"{commands} SQL commands");
        Assert.Equal("0 reminders queued.", await RunAsync());
    }
}
