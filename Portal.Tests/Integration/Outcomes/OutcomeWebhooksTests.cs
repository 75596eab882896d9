using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Outcomes;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;
using static Portal.Tests.Integration.Sessions.SessionsSandboxSeed;

namespace Portal.Tests.Integration.Outcomes;

/// <summary>
/// Outcomes end to end: the sandbox's meeting steps send signed webhooks to the portal's real receiver (signature check,
/// store, processor, handler) and the session's outcome and attendance follow.
/// </summary>
public sealed class OutcomeWebhooksTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static int s_slot;
    private ZoomSandboxControl Control => factory.Services.GetRequiredService<ZoomSandboxControl>();

    private async Task<(long Id, long MeetingId)> ScheduleAsync(string topic)
    {
        var seed = await EnsureAsync(factory);
        var start = new DateTimeOffset(factory.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(3).AddHours(2 * Interlocked.Increment(ref s_slot));
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);
        using (scope)
        {
            var result = await service.ScheduleAsync(Request(seed.StaffIds[Terry], topic, start));
            Assert.True(result.Succeeded, result.Message);
            await using var db = await DbAsync();
            return (result.SessionId!.Value, await db.Sessions.Where(s => s.Id == result.SessionId).Select(s => s.ZoomMeetingId).SingleAsync());
        }
    }

    private Task<PortalDbContext> DbAsync() => factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    private async Task<SessionOutcome> WaitForOutcomeAsync(long sessionId, Func<SessionOutcome, bool> done)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using (var db = await DbAsync())
            {
                var outcome = await db.SessionOutcomes.AsNoTracking().FirstOrDefaultAsync(o => o.SessionId == sessionId);
                if (outcome is not null && done(outcome))
                {
                    return outcome;
                }
                if (waited.Elapsed > TimeSpan.FromSeconds(60))
                {
                    Assert.Fail($"The outcome did not arrive: {outcome?.Status}, events sent {string.Join(", ", Control.MeetingWebhooksSent)}");
                }
            }
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task MeetingSteps_ClientWaitsHostStartsBothLeave_HeldWithMatchedAttendance()
    {
        // Arrange
        var (sessionId, meetingId) = await ScheduleAsync("Outcome end to end");

        // Act: the client waits for the host, the host starts and admits them, the client drops once, the host ends.
        var client = await Control.ParticipantJoinsAsync(meetingId, "Chris Client");
        var waiting = await WaitForOutcomeAsync(sessionId, o => o.ClientWaiting);
        await Control.HostStartsAsync(meetingId);
        var live = await WaitForOutcomeAsync(sessionId, o => o.HostInMeeting && o.ClientInMeeting);
        await Control.ParticipantLeavesAsync(meetingId, client!.ParticipantUuid);
        await Control.EndMeetingAsync(meetingId);
        var outcome = await WaitForOutcomeAsync(sessionId, o => o.MeetingEnded);

        // Assert
        Assert.True(client.Waiting);
        Assert.Equal(OutcomeStatus.Pending, waiting.Status);
        Assert.True(live.MeetingRunning);
        Assert.Equal(OutcomeStatus.Held, outcome.Status);
        Assert.NotNull(outcome.ActualStart);
        Assert.NotNull(outcome.ActualEnd);
        Assert.All(Control.MeetingWebhooksSent, s => Assert.Equal(200, s.Status));
        await using var db = await DbAsync();
        var rows = await db.SessionAttendances.AsNoTracking().Where(a => a.SessionId == sessionId).ToListAsync();
        Assert.Contains(rows, a => a.Role == AttendeeRole.Host && a.Name == "Terry Teacher");
        Assert.Contains(rows, a => a.Role == AttendeeRole.Client && a.Name == "Chris Client" && a.LeftAt is not null);
    }

    [Fact]
    public async Task Receive_EventOfAMeetingThePortalDidNotCreate_NotStoredButCounted()
    {
        // Arrange
        await EnsureAsync(factory);
        await using var before = await DbAsync();
        var stored = await before.WebhookEvents.CountAsync();
        var ignored = await before.MeetingEventTallies.SumAsync(t => (long?)t.IgnoredEvents) ?? 0;

        // Act
        var result = await Control.SendAccountEventAsync("sandbox-account-1", "meeting.started",
            new { id = "99123456789", uuid = "someone-elses==", host_id = "x", start_time = "2026-03-01T10:00:00Z" });

        // Assert
        Assert.Equal(200, result!.StatusCode);
        await using var after = await DbAsync();
        Assert.Equal(stored, await after.WebhookEvents.CountAsync());
        Assert.Equal(ignored + 1, await after.MeetingEventTallies.SumAsync(t => (long?)t.IgnoredEvents) ?? 0);
        Assert.NotNull(await after.MeetingEventTallies.MaxAsync(t => t.LastMeetingEventAt));
    }

    [Fact]
    public async Task MeetingSteps_HostAloneThenEventsRepeated_SameOutcome()
    {
        // Arrange
        var (sessionId, meetingId) = await ScheduleAsync("Client never came");
        await Control.HostStartsAsync(meetingId);
        await Control.EndMeetingAsync(meetingId);
        var first = await WaitForOutcomeAsync(sessionId, o => o.MeetingEnded);

        // Act: Zoom sends the end again (a retry with a new timestamp is a new delivery of the same event).
        await Control.SendAccountEventAsync("sandbox-account-1", "meeting.ended", new
        {
            id = meetingId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            uuid = await UuidAsync(sessionId),
            host_id = "x",
            end_time = first.ActualEnd!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        });
        await Task.Delay(500);
        var again = await WaitForOutcomeAsync(sessionId, o => o.MeetingEnded);

        // Assert
        Assert.Equal(OutcomeStatus.ClientDidNotCome, first.Status);
        Assert.Equal(first.Status, again.Status);
        Assert.Equal(first.ActualEnd, again.ActualEnd);
        await using var db = await DbAsync();
        Assert.Equal(1, await db.MeetingFacts.CountAsync(f => f.SessionId == sessionId && f.Kind == MeetingFactKind.Ended));
    }

    private async Task<string> UuidAsync(long sessionId)
    {
        await using var db = await DbAsync();
        return await db.MeetingFacts.Where(f => f.SessionId == sessionId && f.Kind == MeetingFactKind.Started).Select(f => f.MeetingUuid).FirstAsync();
    }
}
