using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Sessions;
using Portal.Core.Jobs;
using Portal.Core.Text;
using Portal.Core.Zoom;

namespace Portal.Core.Features.SessionRecordings;

/// <summary>
/// For recordings whose <c>recording.completed</c> never arrived: asks Zoom for the recordings of each session of the last
/// week that has ended without one tied, and ties what it finds (one light call per such session).
/// </summary>
public sealed class SessionRecordingTieJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomRecordings zoom,
    IZoomTargetResolver targets,
    SessionRecordingTies ties,
    TimeProvider clock) : IPortalJob
{
    public const string JobName = "SessionRecordingTie";
    private static readonly TimeSpan s_lookBack = TimeSpan.FromDays(7);

    public string Name => JobName;
    public string DefaultSchedule => "01:00:00";
    public string? Description => "Ties recordings to the sessions of the last week that Zoom's recording events missed.";
    public bool PerConnection => true;
    public AccountWideFeature? NeedsWholeAccount => AccountWideFeature.RecordingsForOthers;
    public bool DirectorsMayStart => true;

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var connectionId = context.ConnectionId ?? throw new InvalidOperationException("This job runs per connection.");
        var now = clock.GetUtcNow();
        var since = now - s_lookBack;
        List<(long Id, long MeetingId)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = (await db.Sessions.AsNoTracking()
                    .Where(s => s.ConnectionId == connectionId && s.State != SessionState.Cancelled && s.EndsAt <= now && s.EndsAt > since)
                    .Where(s => !db.Set<SessionRecording>().Any(r => r.SessionId == s.Id))
                    .OrderBy(s => s.EndsAt).Select(s => new { s.Id, s.ZoomMeetingId }).ToListAsync(ct))
                .Select(s => (s.Id, s.ZoomMeetingId)).ToList();
        }
        var target = await targets.ResolveAsync(connectionId, ct);
        var tied = 0;
        for (var i = 0; i < due.Count; i++)
        {
            context.Progress.Report(new JobProgress($"Looking for the recording of session {due[i].Id}", (double)i / due.Count));
            ZoomRecordingMeeting? meeting;
            try
            {
                meeting = await zoom.GetMeetingRecordingsAsync(target, due[i].MeetingId.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            }
            catch (ZoomApiException e) when (e.IsNotFound)
            {
                continue;
            }
            if (meeting is not null)
            {
                await ties.TieListedAsync(connectionId, [RecordingSeen.From(meeting)], ct);
                tied++;
            }
        }
        return $"{Plural.Of(due.Count, "ended session")} without a recording looked up, {tied} recording{(tied == 1 ? "" : "s")} tied.";
    }
}
