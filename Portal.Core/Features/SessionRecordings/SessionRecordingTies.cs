using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Features.Sessions;

namespace Portal.Core.Features.SessionRecordings;

/// <summary>
/// Ties recordings to sessions by the meeting id (the session's meeting) and the instance UUID (one row per recorded
/// instance), from Zoom's events and from recording listings; applies the connection's automatic publishing.
/// </summary>
public sealed class SessionRecordingTies(
    IDbContextFactory<PortalDbContext> dbFactory,
    IAuditLog audit,
    SessionMailer messages,
    IOptions<RecordingPublishOptions> options,
    TimeProvider clock)
{
    /// <summary>
    /// Ties a recording Zoom reported complete (in the caller's context, saved by the caller); the connection's automatic
    /// publishing applies. Null when no session of the portal has this meeting.
    /// </summary>
    public async Task<SessionRecording?> TieCompletedAsync(PortalDbContext db, int? connectionId, RecordingSeen seen, CancellationToken ct)
    {
        var tie = await TieAsync(db, connectionId, seen, ct);
        if (tie?.Session is not { } session)
        {
            return tie;
        }
        var now = clock.GetUtcNow();
        var auto = await db.ZoomConnections.Where(c => c.Id == session.ConnectionId).Select(c => c.AutoPublishRecordings).FirstOrDefaultAsync(ct);
        if (auto && tie.State == SessionRecordingState.Available && tie.PlayFileId is not null && !PublishWindow.IsPublished(session.RecordingPublishedUntil, now))
        {
            var before = new { session.RecordingPublishedUntil };
            session.RecordingPublishedUntil = now + options.Value.RecordingPublishDefault;
            await audit.AddAsync(db, SessionRecordingAuditActions.Published, AuditTarget.Session(session.Id, session.Topic), before,
                new { session.RecordingPublishedUntil, Automatically = true }, session.ConnectionId);
            if (await HostOfAsync(db, session, ct) is { } host)
            {
                await messages.RecordingPublishedAsync(db, session, host, session.RecordingPublishedUntil.Value, ct);
            }
        }
        return tie;
    }

    /// <summary>Ties the listed recordings that belong to sessions of the connection (its own context; saved here).</summary>
    public async Task TieListedAsync(int connectionId, IEnumerable<RecordingSeen> listed, CancellationToken ct)
    {
        var seen = listed.ToList();
        var ids = seen.Select(s => s.MeetingId).Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Sessions.AnyAsync(s => s.ConnectionId == connectionId && ids.Contains(s.ZoomMeetingId), ct))
        {
            return;
        }
        foreach (var recording in seen)
        {
            await TieAsync(db, connectionId, recording, ct);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The tie (new or updated, tracked in the caller's context) of a recording to the session of its meeting.</summary>
    internal async Task<SessionRecording?> TieAsync(PortalDbContext db, int? connectionId, RecordingSeen seen, CancellationToken ct)
    {
        var candidates = await db.Sessions
            .Where(s => s.ZoomMeetingId == seen.MeetingId && (connectionId == null || s.ConnectionId == connectionId))
            .ToListAsync(ct);
        // A meeting id belongs to one session; should two share it, the recording goes to the one it started closest to.
        var session = candidates.MinBy(s => (s.StartsAt - seen.StartTime).Duration());
        if (session is null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var tie = db.ChangeTracker.Entries<SessionRecording>().Select(e => e.Entity)
                .FirstOrDefault(r => r.SessionId == session.Id && r.MeetingUuid == seen.MeetingUuid)
            ?? await db.Set<SessionRecording>().FirstOrDefaultAsync(r => r.SessionId == session.Id && r.MeetingUuid == seen.MeetingUuid, ct);
        var isNew = tie is null;
        tie ??= db.Add(new SessionRecording
        {
            SessionId = session.Id, ConnectionId = session.ConnectionId, MeetingUuid = seen.MeetingUuid, TiedAt = now,
        }).Entity;
        tie.Session = session;
        tie.MeetingId = seen.MeetingId;
        tie.RecordedAt = seen.StartTime;
        tie.DurationMinutes = seen.DurationMinutes;
        tie.TotalSize = seen.TotalSize;
        tie.FileCount = seen.Files.Count;
        tie.PlayFileId = seen.PlayFile?.Id;
        tie.PlayFileType = seen.PlayFile?.FileType;
        if (tie.State != SessionRecordingState.Available)
        {
            // Zoom lists or reports it again: it was recovered from the trash.
            tie.State = SessionRecordingState.Available;
            tie.StateChangedAt = now;
        }
        if (isNew)
        {
            await audit.AddAsync(db, SessionRecordingAuditActions.Tied, AuditTarget.Session(session.Id, session.Topic), null,
                new { seen.MeetingUuid, seen.MeetingId, RecordedAt = seen.StartTime, Files = seen.Files.Count }, session.ConnectionId);
            // A listing may tie recordings made long ago (the first look after an upgrade); only recent ones are news for the host.
            if (seen.StartTime >= now - TeacherNewsWithin && await HostOfAsync(db, session, ct) is { } host)
            {
                await messages.RecordingReadyAsync(db, session, host, ct);
            }
        }
        return tie;
    }

    /// <summary>The host hears of recordings made within this time.</summary>
    public static readonly TimeSpan TeacherNewsWithin = TimeSpan.FromDays(7);

    private static async Task<Staff.StaffMember?> HostOfAsync(PortalDbContext db, Session session, CancellationToken ct) =>
        session.StaffMember ?? await db.StaffMembers.FindAsync([session.StaffMemberId], ct);

    /// <summary>Zoom trashed, deleted, recovered or no longer has a recording: its ties change state at once (in the caller's context).</summary>
    public async Task MarkAsync(PortalDbContext db, int? connectionId, string meetingUuid, SessionRecordingState state, CancellationToken ct)
    {
        var ties = await db.Set<SessionRecording>().Include(r => r.Session)
            .Where(r => r.MeetingUuid == meetingUuid && (connectionId == null || r.ConnectionId == connectionId) && r.State != state)
            .ToListAsync(ct);
        foreach (var tie in ties)
        {
            var before = new { State = tie.State.ToString() };
            tie.State = state;
            tie.StateChangedAt = clock.GetUtcNow();
            await audit.AddAsync(db, state == SessionRecordingState.Available ? SessionRecordingAuditActions.RecoveredInZoom : SessionRecordingAuditActions.GoneInZoom, AuditTarget.Session(tie.SessionId, tie.Session!.Topic), before,
                new { State = state.ToString(), tie.MeetingUuid }, tie.ConnectionId);
        }
    }
}
