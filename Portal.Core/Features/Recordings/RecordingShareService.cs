using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Recordings;

/// <summary>Expiring, revocable portal links that stream one meeting's recordings to someone without an account.</summary>
public interface IRecordingShareService
{
    /// <summary>Creates a link (or gives Zoom's refusal); the returned token is shown once and only its SHA-256 is stored.</summary>
    Task<ZoomResult<CreatedShare>> CreateAsync(int connectionId, string meetingUuid, int validDays, CancellationToken ct = default);

    Task<ZoomResult<IReadOnlyList<ShareInfo>>> ListAsync(int connectionId, string meetingUuid, CancellationToken ct = default);

    /// <summary>Revokes a link; the next request with its token fails.</summary>
    Task RevokeAsync(long shareId, CancellationToken ct = default);

    /// <summary>
    /// The shared recording for a valid token (counted and audited as a view), or Zoom's refusal when it could not be read;
    /// null when the token is unknown, expired or revoked, or Zoom no longer has the recording.
    /// </summary>
    Task<ZoomResult<SharedRecordingView>?> OpenAsync(string token, string? clientAddress, CancellationToken ct = default);

    /// <summary>A file of the shared recording for a valid token, or Zoom's refusal; null when the token or file is not valid.</summary>
    Task<ZoomResult<RecordingFileStream>?> OpenFileAsync(string token, string fileId, long? rangeFrom, long? rangeTo, string? clientAddress, CancellationToken ct = default);
}

public sealed class RecordingShareService(
    IDbContextFactory<PortalDbContext> dbFactory,
    RecordingAccess access,
    IZoomRecordings zoom,
    IZoomTargetResolver targets,
    IAuditLog audit,
    TimeProvider clock,
    IOptions<RecordingsOptions> options) : IRecordingShareService
{
    public const string PathPrefix = "/shared/";

    public async Task<ZoomResult<CreatedShare>> CreateAsync(int connectionId, string meetingUuid, int validDays, CancellationToken ct = default)
    {
        var max = options.Value.ShareMaxDays;
        if (validDays < 1 || validDays > max)
        {
            throw new ArgumentOutOfRangeException(nameof(validDays), $"A link can be valid for 1 to {max} days.");
        }
        var authorized = await AuthorizeMeetingAsync(connectionId, meetingUuid, ct);
        if (authorized.Refusal is { } refusal)
        {
            return ZoomResult<CreatedShare>.Refused(refusal);
        }
        var meeting = authorized.Value!;
        var actor = await access.ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking()
            .Where(s => s.ConnectionId == connectionId && s.ZoomMeetingId == meeting.Id)
            .OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        var token = Base64UrlToken();
        var now = clock.GetUtcNow();
        var share = new RecordingShare
        {
            TokenHash = Hash(token),
            ConnectionId = connectionId,
            MeetingUuid = meeting.Uuid,
            MeetingId = meeting.Id,
            Topic = meeting.Topic,
            StaffMemberId = session?.StaffMemberId,
            HostZoomUserId = meeting.HostId,
            SessionId = session?.Id,
            RecipientName = session?.ClientName,
            RecipientEmail = session?.ClientEmail,
            CreatedBy = actor.Email ?? actor.Name,
            CreatedAt = now,
            ExpiresAt = now.AddDays(validDays),
        };
        db.Add(share);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await audit.AddAsync(db, RecordingAuditActions.ShareCreated, AuditTarget.RecordingShare(share.Id, meeting.Topic), null,
                new { meeting.Topic, MeetingUuid = meeting.Uuid, share.RecipientName, share.RecipientEmail, share.ExpiresAt }, connectionId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return ZoomResult.Ok(new CreatedShare(share.Id, token, PathPrefix + token, share.ExpiresAt));
    }

    public async Task<ZoomResult<IReadOnlyList<ShareInfo>>> ListAsync(int connectionId, string meetingUuid, CancellationToken ct = default)
    {
        if ((await AuthorizeMeetingAsync(connectionId, meetingUuid, ct)).Refusal is { } refusal)
        {
            return ZoomResult<IReadOnlyList<ShareInfo>>.Refused(refusal);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Set<RecordingShare>().AsNoTracking()
            .Where(s => s.ConnectionId == connectionId && s.MeetingUuid == meetingUuid)
            .OrderByDescending(s => s.Id).ToListAsync(ct);
        return ZoomResult.Ok<IReadOnlyList<ShareInfo>>(rows.Select(s => new ShareInfo(s.Id, s.Topic, s.RecipientName, s.RecipientEmail, s.CreatedBy,
            s.CreatedAt, s.ExpiresAt, s.RevokedAt, s.ViewCount, s.LastViewedAt)).ToList());
    }

    /// <summary>The meeting the actor may share (Zoom is asked which user hosts it), or Zoom's refusal.</summary>
    private async Task<ZoomResult<ZoomRecordingMeeting>> AuthorizeMeetingAsync(int connectionId, string meetingUuid, CancellationToken ct)
    {
        try
        {
            return ZoomResult.Ok(await access.AuthorizeMeetingAsync(connectionId, meetingUuid, ct));
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock) is { } refusal)
        {
            return ZoomResult<ZoomRecordingMeeting>.Refused(refusal);
        }
    }

    public async Task RevokeAsync(long shareId, CancellationToken ct = default)
    {
        var actor = await access.ActorAsync();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var share = await db.Set<RecordingShare>().FirstOrDefaultAsync(s => s.Id == shareId, ct)
            ?? throw new RecordingAccessDeniedException("No such link.");
        if (!actor.IsAdminOrDirector)
        {
            await access.RequireHostAsync(actor, share.ConnectionId, share.HostZoomUserId, ct);
        }
        if (share.RevokedAt is not null)
        {
            return;
        }
        share.RevokedAt = clock.GetUtcNow();
        share.RevokedBy = actor.Email ?? actor.Name;
        await audit.AddAsync(db, RecordingAuditActions.ShareRevoked, AuditTarget.RecordingShare(share.Id, share.Topic), new { share.Topic, share.RecipientName, share.ExpiresAt },
            new { share.RevokedAt }, share.ConnectionId);
        await db.SaveChangesAsync(ct);
    }

    public async Task<ZoomResult<SharedRecordingView>?> OpenAsync(string token, string? clientAddress, CancellationToken ct = default)
    {
        var share = await FindValidAsync(token, ct);
        if (share is null)
        {
            return null;
        }
        ZoomRecordingMeeting? meeting;
        try
        {
            meeting = await access.GetMeetingCachedAsync(share.ConnectionId, share.MeetingUuid, ct);
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock) is { } refusal)
        {
            return ZoomResult<SharedRecordingView>.Refused(refusal);
        }
        if (meeting is null)
        {
            return null;
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = clock.GetUtcNow();
            await db.Set<RecordingShare>().Where(s => s.Id == share.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ViewCount, s => s.ViewCount + 1).SetProperty(s => s.LastViewedAt, now), ct);
            await audit.AddAsync(db, RecordingAuditActions.ShareViewed, AuditTarget.RecordingShare(share.Id, share.Topic), null,
                new { share.Topic, share.RecipientName, Client = clientAddress }, share.ConnectionId);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        var files = meeting.Files.Where(f => !string.IsNullOrEmpty(f.DownloadUrl)).Select(RecordingFileItem.From)
            .Where(f => f.Kind is not RecordingFileKind.Other).ToList();
        return ZoomResult.Ok(new SharedRecordingView(share.Id, meeting.Topic, meeting.StartTime, meeting.Duration, share.RecipientName, share.ExpiresAt, files));
    }

    public async Task<ZoomResult<RecordingFileStream>?> OpenFileAsync(string token, string fileId, long? rangeFrom, long? rangeTo, string? clientAddress,
        CancellationToken ct = default)
    {
        var share = await FindValidAsync(token, ct);
        if (share is null)
        {
            return null;
        }
        try
        {
            var meeting = await access.GetMeetingCachedAsync(share.ConnectionId, share.MeetingUuid, ct);
            if (meeting is null || !meeting.Files.Any(f => f.Id == fileId && RecordingFileItem.KindOf(f.FileType) != RecordingFileKind.Other))
            {
                return null;
            }
            var stream = await RecordingService.OpenAsync(targets, zoom, share.ConnectionId, meeting, fileId, rangeFrom, rangeTo, ct);
            if (rangeFrom is null or 0)
            {
                await audit.WriteAsync(RecordingAuditActions.ShareStreamed, AuditTarget.RecordingShare(share.Id, share.Topic), null,
                    new { share.Topic, File = stream.File.Label, share.RecipientName, Client = clientAddress }, share.ConnectionId, ct);
            }
            return ZoomResult.Ok(stream);
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock) is { } refusal)
        {
            return ZoomResult<RecordingFileStream>.Refused(refusal);
        }
    }

    private async Task<RecordingShare?> FindValidAsync(string token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        var hash = Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var share = await db.Set<RecordingShare>().AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, ct);
        return share is null || share.RevokedAt is not null || share.ExpiresAt <= clock.GetUtcNow() ? null : share;
    }

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
