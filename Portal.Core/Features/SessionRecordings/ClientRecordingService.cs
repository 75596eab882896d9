using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.Sessions;
using Portal.Core.Zoom;

namespace Portal.Core.Features.SessionRecordings;

/// <summary>
/// The published recording as the session's client sees it, by the client's join token: state and time are checked on
/// every request, and a file Zoom no longer has marks the recording gone.
/// </summary>
public interface IClientRecordingService
{
    Task<ClientRecordingView> GetAsync(string token, CancellationToken ct = default);

    Task<ClientRecordingFile> OpenFileAsync(string token, string fileId, long? rangeFrom, long? rangeTo, string? clientAddress, CancellationToken ct = default);
}

public sealed class ClientRecordingService(
    IDbContextFactory<PortalDbContext> dbFactory,
    RecordingAccess access,
    IZoomRecordings zoom,
    IZoomTargetResolver targets,
    SessionRecordingTies ties,
    IAuditLog audit,
    TimeProvider clock) : IClientRecordingService
{
    public async Task<ClientRecordingView> GetAsync(string token, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await FindSessionAsync(db, token, ct) is not { RecordingPublishedUntil: { } until } session)
        {
            return ClientRecordingView.Nothing;
        }
        var playable = await db.Set<SessionRecording>().AsNoTracking()
            .Where(r => r.SessionId == session.Id && r.State == SessionRecordingState.Available && r.PlayFileId != null)
            .OrderBy(r => r.RecordedAt).ToListAsync(ct);
        if (!PublishWindow.IsPublished(until, clock.GetUtcNow()) || playable.Count == 0)
        {
            return new ClientRecordingView(session.Id, ClientRecordingState.NoLongerAvailable, until, []);
        }
        return new ClientRecordingView(session.Id, ClientRecordingState.Published, until, playable
            .Select(r => new ClientRecordingItem(r.PlayFileId!, RecordingFileItem.KindOf(r.PlayFileType ?? "") == RecordingFileKind.Video, r.RecordedAt, r.DurationMinutes))
            .ToList());
    }

    public async Task<ClientRecordingFile> OpenFileAsync(string token, string fileId, long? rangeFrom, long? rangeTo, string? clientAddress,
        CancellationToken ct = default)
    {
        SessionRecording? tie;
        Session? session;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            session = await FindSessionAsync(db, token, ct);
            if (session?.RecordingPublishedUntil is null)
            {
                return ClientRecordingFile.NotFound;
            }
            tie = await db.Set<SessionRecording>().AsNoTracking().FirstOrDefaultAsync(r => r.SessionId == session.Id && r.PlayFileId == fileId, ct);
            if (tie is null)
            {
                return ClientRecordingFile.NotFound;
            }
            if (!PublishWindow.IsPublished(session.RecordingPublishedUntil, clock.GetUtcNow()) || tie.State != SessionRecordingState.Available)
            {
                return ClientRecordingFile.Gone;
            }
        }
        try
        {
            var meeting = await access.GetMeetingCachedAsync(tie.ConnectionId, tie.MeetingUuid, ct);
            if (meeting is null || !meeting.Files.Any(f => f.Id == fileId))
            {
                await MarkGoneAsync(tie);
                return ClientRecordingFile.Gone;
            }
            var stream = await RecordingService.OpenAsync(targets, zoom, tie.ConnectionId, meeting, fileId, rangeFrom, rangeTo, ct);
            if (rangeFrom is null or 0)
            {
                await audit.WriteAsync(SessionRecordingAuditActions.Streamed, AuditTarget.Session(session.Id, session.Topic), null,
                    new { tie.MeetingUuid, File = stream.File.Label, Client = clientAddress }, tie.ConnectionId, ct);
            }
            return new ClientRecordingFile(ClientFileOutcome.Opened, ZoomResult.Ok(stream));
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock) is { } refusal)
        {
            if (refusal.Kind is ZoomRefusalKind.RecordingNotFound or ZoomRefusalKind.MeetingNotFound or ZoomRefusalKind.NotFound)
            {
                await MarkGoneAsync(tie);
                return ClientRecordingFile.Gone;
            }
            return new ClientRecordingFile(ClientFileOutcome.Refused, ZoomResult<RecordingFileStream>.Refused(refusal));
        }
    }

    /// <summary>Zoom no longer has it: the tie says so at once, so the next request does not ask Zoom again.</summary>
    private async Task MarkGoneAsync(SessionRecording tie)
    {
        access.ForgetMeeting(tie.ConnectionId, tie.MeetingUuid);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await ties.MarkAsync(db, tie.ConnectionId, tie.MeetingUuid, SessionRecordingState.Deleted, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task<Session?> FindSessionAsync(PortalDbContext db, string token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }
        var hash = JoinTokens.Hash(token);
        return await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.JoinTokenHash == hash, ct);
    }
}
