using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Outcomes;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;
using static Portal.Tests.Integration.Sessions.SessionsSandboxSeed;

namespace Portal.Tests.Integration.Outcomes;

/// <summary>The reconciliation job against the sandbox's /past_meetings: missed webhooks, a meeting not ended yet, rate limits, a free plan.</summary>
public sealed class OutcomeReconcileTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private static int s_slot;
    private ZoomSandboxControl Control => factory.Services.GetRequiredService<ZoomSandboxControl>();

    private Task<PortalDbContext> DbAsync() => factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>A session whose meeting happens now; afterwards its scheduled time is moved into the past so the job takes it.</summary>
    private async Task<(long Id, long MeetingId)> ScheduleAsync(string topic)
    {
        var seed = await EnsureAsync(factory);
        var start = new DateTimeOffset(factory.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(5).AddHours(2 * Interlocked.Increment(ref s_slot));
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);
        using (scope)
        {
            var result = await service.ScheduleAsync(Request(seed.StaffIds[Terry], topic, start));
            Assert.True(result.Succeeded, result.Message);
            await using var db = await DbAsync();
            return (result.SessionId!.Value, await db.Sessions.Where(s => s.Id == result.SessionId).Select(s => s.ZoomMeetingId).SingleAsync());
        }
    }

    private async Task EndedAnHourAgoAsync(long sessionId)
    {
        var now = factory.Clock.GetUtcNow();
        await using var db = await DbAsync();
        await db.Sessions.Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.StartsAt, now.AddHours(-2)).SetProperty(s => s.EndsAt, now.AddHours(-1)));
    }

    private async Task<string?> RunJobAsync()
    {
        using var scope = factory.Services.CreateScope();
        var job = scope.ServiceProvider.GetServices<IPortalJob>().Single(j => j.Name == OutcomeReconcileJob.JobName);
        return await job.RunAsync(new JobContext(null, new Progress<JobProgress>(), "test"), CancellationToken.None);
    }

    private async Task<SessionOutcome> OutcomeAsync(long sessionId)
    {
        await using var db = await DbAsync();
        return await db.SessionOutcomes.AsNoTracking().SingleAsync(o => o.SessionId == sessionId);
    }

    /// <summary>Runs the meeting with Zoom's webhooks switched off, as if the subscription were missing.</summary>
    private async Task WithoutWebhooksAsync(Func<Task> meeting)
    {
        var targets = Control.WebhookTargets;
        Control.WebhookTargets = null;
        try
        {
            await meeting();
        }
        finally
        {
            Control.WebhookTargets = targets;
        }
    }

    [Fact]
    public async Task Run_WebhooksMissed_OutcomeFromThePastMeetingReportWithMinimalCalls()
    {
        // Arrange
        var (id, meetingId) = await ScheduleAsync("Reconciled");
        await WithoutWebhooksAsync(async () =>
        {
            await Control.HostStartsAsync(meetingId);
            var client = await Control.ParticipantJoinsAsync(meetingId, "Chris Client");
            await Control.ParticipantLeavesAsync(meetingId, client!.ParticipantUuid);
            await Control.EndMeetingAsync(meetingId);
        });
        await EndedAnHourAgoAsync(id);
        Control.ResetRequestCounts();

        // Act
        var summary = await RunJobAsync();

        // Assert
        var outcome = await OutcomeAsync(id);
        Assert.Equal(OutcomeStatus.Held, outcome.Status);
        Assert.True(outcome.Final);
        Assert.Null(outcome.ReconcileNote);
        await using var db = await DbAsync();
        var rows = await db.SessionAttendances.AsNoTracking().Where(a => a.SessionId == id).ToListAsync();
        Assert.Contains(rows, a => a.Role == AttendeeRole.Host);
        Assert.Contains(rows, a => a.Role == AttendeeRole.Client && a.Name == "Chris Client");
        Assert.Equal(1, Control.RequestCount("GET", "/past_meetings/{meetingId}"));
        Assert.Equal(1, Control.RequestCount("GET", "/past_meetings/{meetingId}/participants"));
        Assert.Equal(0, Control.RequestCount("GET", "/past_meetings/{meetingId}/instances"));
        Assert.Contains("completed", summary);
    }

    [Fact]
    public async Task Run_ClientDidNotCome_QueuesOneNoShowMessageToDirectorsWithSessionLink()
    {
        // Arrange
        var director = $"director-{Guid.NewGuid():N}@writing.example.edu";
        await using (var db = await DbAsync())
        {
            db.NotificationRecipients.Add(new NotificationRecipient { Email = director, Roles = Roles.Director, LastSignInAt = factory.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        var (id, meetingId) = await ScheduleAsync("No client came");
        await WithoutWebhooksAsync(async () =>
        {
            await Control.HostStartsAsync(meetingId);
            await Control.EndMeetingAsync(meetingId);
        });
        await EndedAnHourAgoAsync(id);

        // Act
        await RunJobAsync();
        await using (var db = await DbAsync())
        {
            await db.SessionOutcomes.Where(o => o.SessionId == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.Final, false));
        }
        await RunJobAsync();

        // Assert
        Assert.Equal(OutcomeStatus.ClientDidNotCome, (await OutcomeAsync(id)).Status);
        await using var check = await DbAsync();
        var message = await check.OutboxMessages.AsNoTracking().SingleAsync(m => m.ToAddress == director && m.SessionId == id);
        Assert.Equal(NotificationKind.NoShow, message.Kind);
        Assert.StartsWith("No-show: Chris Client did not come to \"No client came\" on ", message.Subject);
        Assert.Contains($"/sessions/{id}", message.TextBody);
        Assert.Contains($"/sessions/{id}\"", message.HtmlBody);
    }

    [Fact]
    public async Task Run_MeetingStillRunning_RetriedLaterNotConcludedNotStarted()
    {
        // Arrange: Zoom answers 3001 until the meeting ends
        var (id, meetingId) = await ScheduleAsync("Running late");
        await WithoutWebhooksAsync(() => Control.HostStartsAsync(meetingId));
        await EndedAnHourAgoAsync(id);

        // Act
        await RunJobAsync();
        var during = await OutcomeAsync(id);
        await WithoutWebhooksAsync(() => Control.EndMeetingAsync(meetingId));
        await using (var db = await DbAsync())
        {
            await db.SessionOutcomes.Where(o => o.SessionId == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.ReconcileAfter, factory.Clock.GetUtcNow().AddMinutes(-1)));
        }
        await RunJobAsync();
        var after = await OutcomeAsync(id);

        // Assert
        Assert.False(during.Final);
        Assert.Equal(OutcomeStatus.Pending, during.Status);
        Assert.NotNull(during.ReconcileAfter);
        Assert.True(after.Final);
        Assert.Equal(OutcomeStatus.ClientDidNotCome, after.Status);
    }

    [Fact]
    public async Task Run_RateLimited_StopsAndFinishesOnALaterRun()
    {
        // Arrange
        var (id, meetingId) = await ScheduleAsync("Rate limited");
        await WithoutWebhooksAsync(async () =>
        {
            await Control.HostStartsAsync(meetingId);
            await Control.EndMeetingAsync(meetingId);
        });
        await EndedAnHourAgoAsync(id);
        Control.InjectDailyLimit(SandboxRateCategory.Light);

        // Act
        string? limited;
        try
        {
            limited = await RunJobAsync();
        }
        finally
        {
            Control.ClearDailyLimits();
        }
        await using (var db = await DbAsync())
        {
            Assert.False(await db.SessionOutcomes.AnyAsync(o => o.SessionId == id && o.Final));
        }
        var finished = await RunJobAsync();

        // Assert
        Assert.Contains("rate limit", limited);
        Assert.True((await OutcomeAsync(id)).Final);
        Assert.Contains("completed", finished);
    }

    [Fact]
    public async Task Run_FreePlanRefusesParticipants_WebhooksOnlyAndThePageSaysSo()
    {
        // Arrange: webhooks arrive; Zoom refuses the participants report (paid plans only)
        var (id, meetingId) = await ScheduleAsync("Free plan");
        await Control.HostStartsAsync(meetingId);
        await Control.ParticipantJoinsAsync(meetingId, "Chris Client");
        await Control.EndMeetingAsync(meetingId);
        await EndedAnHourAgoAsync(id);
        await WaitAsync(async () => (await OutcomeAsync(id)).MeetingEnded);
        Control.PastParticipantsRefused = true;

        // Act
        try
        {
            await RunJobAsync();
        }
        finally
        {
            Control.PastParticipantsRefused = false;
        }

        // Assert
        var outcome = await OutcomeAsync(id);
        Assert.True(outcome.Final);
        Assert.Equal(OutcomeReconciler.WebhooksOnlyPlan, outcome.ReconcileNote);
        Assert.Equal(OutcomeStatus.Held, outcome.Status);
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await done())
                {
                    return;
                }
            }
            catch (InvalidOperationException)
            {
                // Not there yet.
            }
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "Timed out.");
            await Task.Delay(100);
        }
    }
}
