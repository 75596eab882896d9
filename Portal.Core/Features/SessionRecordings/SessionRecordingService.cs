using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Features.Sessions;

namespace Portal.Core.Features.SessionRecordings;

/// <summary>A session's recordings on its page, and publishing them on the client's page (the host or a director).</summary>
public interface ISessionRecordingService
{
    /// <summary>The session's tied recordings, asking Zoom first once the session has started; null when the actor may not see the session.</summary>
    Task<SessionRecordingsView?> GetAsync(long sessionId, CancellationToken ct = default);

    /// <summary>Publishes the recording on the client's page from now for <paramref name="duration"/> (the default when null), audited.</summary>
    Task<PublishResult> PublishAsync(long sessionId, TimeSpan? duration, CancellationToken ct = default);

    /// <summary>Takes the recording off the client's page at once, audited.</summary>
    Task<PublishResult> UnpublishAsync(long sessionId, CancellationToken ct = default);
}

public sealed class SessionRecordingService(
    IDbContextFactory<PortalDbContext> dbFactory,
    SessionSteps steps,
    ISessionRecordingRefresh refresh,
    IAuditLog audit,
    SessionMailer messages,
    IOptions<RecordingPublishOptions> options,
    TimeProvider clock) : ISessionRecordingService
{
    public async Task<SessionRecordingsView?> GetAsync(long sessionId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        bool askZoom;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var (session, refusal) = await steps.LoadManagedAsync(db, sessionId, ct);
            if (refusal is not null)
            {
                return null;
            }
            askZoom = session!.StartsAt <= now && session.State != SessionState.Cancelled;
        }
        // Before the session there is nothing to ask Zoom for; what its events already tied is still shown.
        var (zoom, note) = askZoom ? await refresh.RefreshAsync(sessionId, ct) : (null, null);
        await using var read = await dbFactory.CreateDbContextAsync(ct);
        var current = await read.Sessions.AsNoTracking().FirstAsync(s => s.Id == sessionId, ct);
        var rows = await read.Set<SessionRecording>().AsNoTracking().Where(r => r.SessionId == sessionId)
            .OrderBy(r => r.RecordedAt)
            .Select(r => new SessionRecordingRow(r.Id, r.ConnectionId, r.MeetingUuid, r.RecordedAt, r.DurationMinutes, r.TotalSize, r.FileCount,
                r.PlayFileId, r.PlayFileType, r.State))
            .ToListAsync(ct);
        return View(current, rows, now, zoom, note);
    }

    private SessionRecordingsView View(Session s, IReadOnlyList<SessionRecordingRow> rows, DateTimeOffset now, Portal.Core.Zoom.ZoomRefusal? zoom, string? note) =>
        new(s.Id, s.StartsAt <= now, rows, s.RecordingPublishedUntil, PublishWindow.IsPublished(s.RecordingPublishedUntil, now),
            options.Value.RecordingPublishDefault, options.Value.RecordingPublishMax, zoom, note);

    public async Task<PublishResult> PublishAsync(long sessionId, TimeSpan? duration, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (session, refusal) = await steps.LoadManagedAsync(db, sessionId, ct);
        if (refusal is not null)
        {
            return new PublishResult(false, refusal.Message);
        }
        var now = clock.GetUtcNow();
        var (publishUntil, tooLong) = PublishWindow.Until(now, duration, options.Value);
        if (publishUntil is not { } until)
        {
            return new PublishResult(false, tooLong ?? "");
        }
        if (!await db.Set<SessionRecording>().AnyAsync(r => r.SessionId == sessionId && r.State == SessionRecordingState.Available && r.PlayFileId != null, ct))
        {
            return new PublishResult(false, "This session has no recording to publish yet.");
        }
        var before = new { session!.RecordingPublishedUntil };
        var wasPublished = PublishWindow.IsPublished(session.RecordingPublishedUntil, now);
        session.RecordingPublishedUntil = until;
        session.UpdatedAt = now;
        await audit.AddAsync(db, SessionRecordingAuditActions.Published, AuditTarget.Session(session.Id, session.Topic), before,
            new { session.RecordingPublishedUntil }, session.ConnectionId);
        if (!wasPublished)
        {
            // A longer or shorter publication of one already published tells the client nothing new.
            await messages.RecordingPublishedAsync(db, session, session.StaffMember!, until, ct);
        }
        await db.SaveChangesAsync(ct);
        return new PublishResult(true, $"The recording is on the client's page until {until:yyyy-MM-dd HH:mm} UTC.", until);
    }

    public async Task<PublishResult> UnpublishAsync(long sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (session, refusal) = await steps.LoadManagedAsync(db, sessionId, ct);
        if (refusal is not null)
        {
            return new PublishResult(false, refusal.Message);
        }
        var now = clock.GetUtcNow();
        if (!PublishWindow.IsPublished(session!.RecordingPublishedUntil, now))
        {
            return new PublishResult(true, "The recording is not published.");
        }
        var before = new { session.RecordingPublishedUntil };
        // "Published until now": the client page then says the recording is no longer available, rather than nothing.
        session.RecordingPublishedUntil = now;
        session.UpdatedAt = now;
        await audit.AddAsync(db, SessionRecordingAuditActions.Unpublished, AuditTarget.Session(session.Id, session.Topic), before,
            new { session.RecordingPublishedUntil }, session.ConnectionId);
        await db.SaveChangesAsync(ct);
        return new PublishResult(true, "The recording was taken off the client's page.");
    }
}
