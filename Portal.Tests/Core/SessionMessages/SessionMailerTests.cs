using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Features.Sessions;
using Portal.Core.Identity;
using Portal.Tests.Core.Sessions;

namespace Portal.Tests.Core.SessionMessages;

/// <summary>What teachers and clients are told when a session is scheduled, moved, cancelled or handed over, read from the outbox rows.</summary>
public sealed class SessionMailerTests : IAsyncLifetime
{
    private const string Terry = "terry.teacher@writing.example.edu";
    private const string Tess = "tess.tutor@writing.example.edu";
    private const string Client = "chris@example.org";
    private readonly SessionTestHarness _h = new();
    private int _terry;
    private int _tess;

    public Task InitializeAsync()
    {
        _h.Zoom.AddUser("zu-terry", Terry);
        _h.Zoom.AddUser("zu-tess", Tess);
        _terry = _h.AddStaff("Terry Teacher", Terry, "zu-terry");
        _tess = _h.AddStaff("Tess Tutor", Tess, "zu-tess");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>Tuesday 8 December 2026, 15:00 in Berlin (UTC+01:00), 14:00 UTC.</summary>
    private static ScheduleSessionRequest Berlin(int staffId, string topic = "Essay review", string email = Client)
    {
        var request = SessionTestHarness.Request(staffId, topic);
        request.StartDate = new DateTime(2026, 12, 8);
        request.StartTime = new TimeSpan(15, 0, 0);
        request.TimeZone = "Europe/Berlin";
        request.ClientEmail = email;
        return request;
    }

    [Fact]
    public async Task Schedule_Valid_QueuesTheTeachersNoticeAndTheClientsLinkWithTimeInTheSessionsZoneAndCalendar()
    {
        // Arrange + Act
        var result = await _h.Service.ScheduleAsync(Berlin(_terry));

        // Assert
        Assert.True(result.Succeeded, result.Message);
        var id = result.SessionId!.Value;
        var messages = _h.QueuedMessages();
        Assert.Equal(2, messages.Count);
        var teacher = Assert.Single(messages, m => m.Kind == NotificationKind.TeacherSessionScheduled);
        Assert.Equal(Terry, teacher.ToAddress);
        Assert.Equal(id, teacher.SessionId);
        Assert.Contains("Essay review", teacher.Subject);
        SessionMessageAssert.Carries(teacher, $"{SessionTestHarness.PortalUrl}/sessions/{id}");
        Assert.DoesNotContain("/join/", teacher.TextBody);

        var client = Assert.Single(messages, m => m.Kind == NotificationKind.ClientSessionLink);
        Assert.Equal(Client, client.ToAddress);
        Assert.Equal("Chris Client", client.ToName);
        Assert.Equal(OutboxStatus.Waiting, client.Status);
        const string When = "Tuesday 8 December 2026, 15:00 (Europe/Berlin, UTC+01:00)";
        Assert.Contains(When, client.Subject);
        Assert.Contains(When, client.TextBody);
        Assert.Contains(When, client.HtmlBody);
        var link = $"{SessionTestHarness.PortalUrl}/join/{result.JoinToken}";
        SessionMessageAssert.Carries(client, link);
        Assert.DoesNotContain(Terry, client.TextBody);
        var ics = SessionMessageAssert.Calendar(client);
        Assert.Equal("PUBLISH", ics["METHOD"]);
        Assert.Equal($"session-{id}@portal", ics["UID"]);
        Assert.Equal("20261208T140000Z", ics["DTSTART"]);
        Assert.Equal("20261208T150000Z", ics["DTEND"]);
        Assert.Equal(link, ics["URL"]);
        Assert.Equal("CONFIRMED", ics["STATUS"]);
    }

    [Fact]
    public async Task Reschedule_Moved_TeacherAndClientToldOldAndNewTimeAndTheCalendarKeepsItsUidWithAHigherSequence()
    {
        // Arrange
        var result = await _h.Service.ScheduleAsync(Berlin(_terry));
        var id = result.SessionId!.Value;
        var first = SessionMessageAssert.Calendar(_h.QueuedMessages().Single(m => m.Kind == NotificationKind.ClientSessionLink));
        _h.Clock.Advance(TimeSpan.FromMinutes(5));

        // Act
        var moved = await _h.Service.RescheduleAsync(id, new RescheduleSessionRequest
        {
            StartDate = new DateTime(2026, 12, 9), StartTime = new TimeSpan(10, 30, 0), TimeZone = "Europe/Berlin", DurationMinutes = 60, Topic = "Essay review",
        });

        // Assert
        Assert.True(moved.Succeeded, moved.Message);
        var messages = _h.QueuedMessages();
        var teacher = Assert.Single(messages, m => m.Kind == NotificationKind.TeacherSessionChanged);
        Assert.Equal(Terry, teacher.ToAddress);
        Assert.Contains("Tuesday 8 December 2026, 15:00", teacher.TextBody);
        Assert.Contains("Wednesday 9 December 2026, 10:30 (Europe/Berlin, UTC+01:00)", teacher.TextBody);
        var client = Assert.Single(messages, m => m.Kind == NotificationKind.ClientSessionChanged);
        Assert.Equal(Client, client.ToAddress);
        Assert.Contains("Wednesday 9 December 2026, 10:30", client.Subject);
        Assert.Contains("moved from Tuesday 8 December 2026, 15:00 (Europe/Berlin, UTC+01:00) to Wednesday 9 December 2026, 10:30", client.TextBody);
        SessionMessageAssert.Carries(client, $"{SessionTestHarness.PortalUrl}/join/{result.JoinToken}");
        var ics = SessionMessageAssert.Calendar(client);
        Assert.Equal(first["UID"], ics["UID"]);
        Assert.True(int.Parse(ics["SEQUENCE"]) > int.Parse(first["SEQUENCE"]), $"{ics["SEQUENCE"]} after {first["SEQUENCE"]}");
        Assert.Equal("20261209T093000Z", ics["DTSTART"]);
        Assert.Equal("PUBLISH", ics["METHOD"]);
    }

    [Fact]
    public async Task Cancel_Scheduled_TeacherToldAndClientGetsACancellingCalendar()
    {
        // Arrange
        var result = await _h.Service.ScheduleAsync(Berlin(_terry));
        var id = result.SessionId!.Value;
        _h.Clock.Advance(TimeSpan.FromMinutes(1));

        // Act
        var cancelled = await _h.Service.CancelAsync(id);

        // Assert
        Assert.True(cancelled.Succeeded, cancelled.Message);
        var messages = _h.QueuedMessages().Where(m => m.CreatedAt > SessionTestHarness.Now).ToList();
        Assert.Equal(2, messages.Count);
        var teacher = Assert.Single(messages, m => m.ToAddress == Terry);
        Assert.Equal(NotificationKind.TeacherSessionChanged, teacher.Kind);
        Assert.Contains("cancelled", teacher.Subject, StringComparison.OrdinalIgnoreCase);
        var client = Assert.Single(messages, m => m.ToAddress == Client);
        Assert.Equal(NotificationKind.ClientSessionChanged, client.Kind);
        Assert.StartsWith("Cancelled: Essay review", client.Subject);
        var ics = SessionMessageAssert.Calendar(client);
        Assert.Equal("CANCEL", ics["METHOD"]);
        Assert.Equal("CANCELLED", ics["STATUS"]);
        Assert.Equal($"session-{id}@portal", ics["UID"]);
        Assert.True(int.Parse(ics["SEQUENCE"]) > 0);
    }

    [Fact]
    public async Task ChangeHost_InPlace_OldHostToldItIsNoLongerTheirsNewHostToldItIsScheduledClientNotWritten()
    {
        // Arrange
        var result = await _h.Service.ScheduleAsync(Berlin(_terry));
        var before = _h.QueuedMessages().Count;

        // Act
        var changed = await _h.Service.ChangeHostAsync(result.SessionId!.Value, _tess);

        // Assert
        Assert.True(changed.Succeeded, changed.Message);
        var messages = _h.QueuedMessages().Skip(before).ToList();
        Assert.Equal(2, messages.Count);
        var old = Assert.Single(messages, m => m.ToAddress == Terry);
        Assert.Equal(NotificationKind.TeacherSessionChanged, old.Kind);
        Assert.Contains("now hosted by Tess Tutor", old.TextBody);
        var added = Assert.Single(messages, m => m.ToAddress == Tess);
        Assert.Equal(NotificationKind.TeacherSessionScheduled, added.Kind);
        SessionMessageAssert.Carries(added, $"{SessionTestHarness.PortalUrl}/sessions/{result.SessionId}");
    }

    [Fact]
    public async Task IssueJoinLink_Scheduled_ClientReceivesTheNewLinkNotTheOldOne()
    {
        // Arrange
        var result = await _h.Service.ScheduleAsync(Berlin(_terry));

        // Act
        var issued = await _h.Service.IssueJoinLinkAsync(result.SessionId!.Value);

        // Assert
        Assert.True(issued.Succeeded, issued.Message);
        var message = _h.QueuedMessages().Last();
        Assert.Equal(NotificationKind.ClientSessionLink, message.Kind);
        Assert.Equal(Client, message.ToAddress);
        SessionMessageAssert.Carries(message, $"{SessionTestHarness.PortalUrl}/join/{issued.JoinToken}");
        Assert.DoesNotContain(result.JoinToken!, message.TextBody);
        Assert.Contains("receives it by e-mail", issued.Message);
    }

    [Fact]
    public async Task Schedule_TopicAndNameWithHeaderInjection_SubjectAndNameStayOneLine()
    {
        // Arrange
        var request = Berlin(_terry, "Essay\r\nBcc: x@y");
        request.ClientName = "Chris\r\nBcc: x@y";

        // Act
        var result = await _h.Service.ScheduleAsync(request);

        // Assert
        Assert.True(result.Succeeded, result.Message);
        Assert.All(_h.QueuedMessages(), m =>
        {
            Assert.DoesNotContain('\r', m.Subject);
            Assert.DoesNotContain('\n', m.Subject);
            Assert.StartsWith(m.Kind == NotificationKind.ClientSessionLink ? "Your session: Essay Bcc: x@y, " : "New session: Essay Bcc: x@y, ", m.Subject);
        });
        var client = _h.QueuedMessages().Single(m => m.Kind == NotificationKind.ClientSessionLink);
        Assert.Equal("Chris Bcc: x@y", client.ToName);
        Assert.Equal(Client, client.ToAddress);
    }

    [Fact]
    public async Task Schedule_InvalidClientEmail_KeptAsInvalidRecipientAndSaidOnTheSessionsPage()
    {
        // Arrange: an address the form accepts but mail cannot be sent to (no domain).
        var result = await _h.Service.ScheduleAsync(Berlin(_terry, email: "chris@localhost"));

        // Act
        var details = await _h.Service.GetAsync(result.SessionId!.Value);

        // Assert
        Assert.True(result.Succeeded, result.Message);
        var client = _h.QueuedMessages().Single(m => m.Kind == NotificationKind.ClientSessionLink);
        Assert.Equal(OutboxStatus.InvalidRecipient, client.Status);
        Assert.Equal(0, client.Attempts);
        Assert.Equal("'chris@localhost' is not an e-mail address.", details!.ClientEmailProblem);
        Assert.Contains(details.Messages!, m => m.Kind == NotificationKind.TeacherSessionScheduled && m.StatusText == "Waiting to be sent");
    }

    [Fact]
    public async Task Schedule_TeacherTurnedSchedulingNoticesOff_OnlyTheClientIsWritten()
    {
        // Arrange: Terry signed in once and chose not to hear of sessions scheduled for him.
        await using (var db = _h.DbFactory.CreateDbContext())
        {
            var terry = new NotificationRecipient { Email = Terry, Name = "Terry Teacher", Roles = Roles.Teacher, LastSignInAt = SessionTestHarness.Now };
            db.NotificationRecipients.Add(terry);
            await db.SaveChangesAsync();
            db.NotificationPreferences.Add(new NotificationPreference { RecipientId = terry.Id, Kind = NotificationKind.TeacherSessionScheduled, Delivery = NotificationDelivery.Off });
            await db.SaveChangesAsync();
        }

        // Act
        await _h.Service.ScheduleAsync(Berlin(_terry));

        // Assert
        Assert.Equal([NotificationKind.ClientSessionLink], _h.QueuedMessages().Select(m => m.Kind));
    }

    [Fact]
    public async Task RecordingTiedAndPublished_NewRecording_TeacherToldWithThePortalPageClientWithTheirPage()
    {
        // Arrange: the session took place and Zoom reports its recording.
        var result = await _h.Service.ScheduleAsync(Berlin(_terry));
        var id = result.SessionId!.Value;
        var session = _h.Load(id);
        _h.Clock.SetUtcNow(session.EndsAt.AddMinutes(10));
        var ties = new SessionRecordingTies(_h.DbFactory, _h.Audit, _h.Mailer, Microsoft.Extensions.Options.Options.Create(new RecordingPublishOptions()), _h.Clock);
        var before = _h.QueuedMessages().Count;

        // Act
        await ties.TieListedAsync(1, [new RecordingSeen("uuid-1==", session.ZoomMeetingId, session.StartsAt, 60, 1000,
            [new RecordingSeenFile("file-1", "MP4", "shared_screen_with_speaker_view", 1000)])], CancellationToken.None);
        await ties.TieListedAsync(1, [new RecordingSeen("uuid-1==", session.ZoomMeetingId, session.StartsAt, 60, 1000,
            [new RecordingSeenFile("file-1", "MP4", "shared_screen_with_speaker_view", 1000)])], CancellationToken.None);
        var published = await _h.Recordings.PublishAsync(id, null);
        await _h.Recordings.PublishAsync(id, TimeSpan.FromDays(3));

        // Assert
        Assert.True(published.Succeeded, published.Message);
        var messages = _h.QueuedMessages().Skip(before).ToList();
        Assert.Equal(2, messages.Count);
        var teacher = messages[0];
        Assert.Equal(NotificationKind.TeacherRecordingReady, teacher.Kind);
        Assert.Equal(Terry, teacher.ToAddress);
        SessionMessageAssert.Carries(teacher, $"{SessionTestHarness.PortalUrl}/sessions/{id}");
        var client = messages[1];
        Assert.Equal(NotificationKind.ClientRecordingPublished, client.Kind);
        Assert.Equal(Client, client.ToAddress);
        SessionMessageAssert.Carries(client, $"{SessionTestHarness.PortalUrl}/join/{result.JoinToken}");
    }
}
