using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Sessions;
using Portal.Core.Jobs;
using Portal.Core.Text;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Outcomes;

/// <summary>After sessions end, completes their outcomes from Zoom's past-meeting reports; stops at a rate limit and finishes on a later run.</summary>
public sealed class OutcomeReconcileJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomTargetResolver targets,
    OutcomeReconciler reconciler,
    OutcomeSignals signals,
    NoShowAlerts noShows,
    TimeProvider clock) : IPortalJob
{
    public const string JobName = "SessionOutcomes";

    /// <summary>Zoom's report of a meeting is complete a little after it ends.</summary>
    public static readonly TimeSpan AfterEnd = TimeSpan.FromMinutes(10);

    /// <summary>Older sessions are left as they are.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(35);

    public string Name => JobName;
    public string DefaultSchedule => "00:15:00";
    public bool PerConnection => false;
    public string? Description => "Completes the outcome of sessions that ended (held, no-show) from Zoom's past-meeting reports, for what webhooks missed.";

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        List<(long Id, long MeetingId, int ConnectionId)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = (await db.Sessions.AsNoTracking()
                .Where(s => s.State == SessionState.Scheduled && s.EndsAt <= now - AfterEnd && s.EndsAt > now - LookBack)
                .Where(s => !db.SessionOutcomes.Any(o => o.SessionId == s.Id && (o.Final || o.ReconcileAfter > now)))
                .OrderBy(s => s.EndsAt).Select(s => new { s.Id, s.ZoomMeetingId, s.ConnectionId }).ToListAsync(ct))
                .Select(s => (s.Id, s.ZoomMeetingId, s.ConnectionId)).ToList();
        }
        var final = 0;
        var later = 0;
        var resolved = new Dictionary<int, ZoomTarget>();
        for (var i = 0; i < due.Count; i++)
        {
            var (id, meetingId, connectionId) = due[i];
            context.Progress.Report(new JobProgress($"Session {i + 1} of {due.Count}", (double)i / due.Count));
            if (!resolved.TryGetValue(connectionId, out var target))
            {
                resolved[connectionId] = target = await targets.ResolveAsync(connectionId, ct);
            }
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            try
            {
                var result = await reconciler.ReconcileAsync(db, target, id, meetingId, ct);
                await noShows.ReviewAsync(db, id, ct);
                await db.SaveChangesAsync(ct);
                signals.Raise(id);
                final += result == OutcomeReconciler.Result.Final ? 1 : 0;
                later += result == OutcomeReconciler.Result.RetryLater ? 1 : 0;
            }
            catch (Exception ex) when (ex is ZoomApiException or ZoomUnavailableException)
            {
                // Zoom failed for this session only; it stays due for the next run.
                later++;
            }
            catch (ZoomRateLimitException ex)
            {
                // Zoom said wait: the rest stay due and the next run (or the one after the reset) finishes them.
                return $"{Plural.Of(final, "outcome")} completed; Zoom's {ex.Category} rate limit reached{(ex.ResetsAt is { } at ? $" until {at:HH:mm} UTC" : "")}, "
                    + $"{Plural.Of(due.Count - i, "session")} left for a later run.";
            }
        }
        return $"{Plural.Of(final, "outcome")} completed, {Plural.Of(later, "session")} to check again later.";
    }
}
