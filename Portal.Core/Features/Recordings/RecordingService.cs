using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Recordings;

public sealed class RecordingsOptions
{
    public const string Section = "Recordings";

    /// <summary>Month windows fetched at the same time (the Zoom client's rate limiter still applies).</summary>
    [Range(1, 24)] public int ConcurrentMonths { get; set; } = 6;

    /// <summary>Staff members scanned at the same time by the clean-up page.</summary>
    [Range(1, 50)] public int ConcurrentStaff { get; set; } = 3;

    [Range(1, 3650)] public int ShareDefaultDays { get; set; } = 7;
    [Range(1, 3650)] public int ShareMaxDays { get; set; } = 30;

    /// <summary>Requests per minute per client address to the anonymous shared-recording page and stream.</summary>
    [Range(1, 100_000)] public int SharedPagePermitsPerMinute { get; set; } = 30;
    [Range(1, 100_000)] public int SharedStreamPermitsPerMinute { get; set; } = 300;
}

public sealed class RecordingService(
    IDbContextFactory<PortalDbContext> dbFactory,
    RecordingAccess access,
    IZoomRecordings zoom,
    IZoomTargetResolver targets,
    IAuditLog audit,
    IFreedStorageReporter freed,
    IOptions<RecordingsOptions> options,
    SessionRecordingTies ties,
    TimeProvider clock) : IRecordingService
{
    public async Task<RecordingOwner> GetMineAsync(CancellationToken ct = default) =>
        await access.OwnerForActorAsync(await access.ActorAsync(), ct);

    public Task<RecordingOwner> GetOwnerAsync(int staffMemberId, CancellationToken ct = default) =>
        access.AuthorizeOwnerAsync(staffMemberId, ct);

    public async Task<IReadOnlyList<RecordingStaffOption>> ListStaffAsync(CancellationToken ct = default)
    {
        access.RequireDirector(await access.ActorAsync());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.StaffMembers.AsNoTracking().Where(s => s.Active).Include(s => s.Mapping).OrderBy(s => s.Name).ToListAsync(ct);
        return rows.Select(s => new RecordingStaffOption(s.Id, s.Name, s.Email, s.Mapping?.Status ?? Staff.MappingStatus.NotChecked,
            !string.IsNullOrEmpty(s.Mapping?.ZoomUserId))).ToList();
    }

    public async IAsyncEnumerable<RecordingMonth> ListByMonthAsync(int staffMemberId, DateOnly from, DateOnly to,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var owner = await access.AuthorizeOwnerAsync(staffMemberId, ct);
        if (!owner.CanList)
        {
            throw new RecordingAccessDeniedException(owner.Problem ?? "No Zoom user.");
        }
        var target = await targets.ResolveAsync(owner.ConnectionId!.Value, ct);
        await foreach (var month in FetchMonthsAsync(target, owner, from, to, ct))
        {
            yield return month;
        }
    }

    internal async IAsyncEnumerable<RecordingMonth> FetchMonthsAsync(ZoomTarget target, RecordingOwner owner, DateOnly from, DateOnly to,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var gate = new SemaphoreSlim(Math.Max(1, options.Value.ConcurrentMonths));
        var tasks = RecordingWindows.Split(from, to).Select(w => FetchMonthAsync(target, owner, w.From, w.To, gate, linked.Token)).ToList();
        try
        {
            await foreach (var done in Task.WhenEach(tasks).WithCancellation(ct))
            {
                yield return await done;
            }
        }
        finally
        {
            await linked.CancelAsync();
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)));
        }
    }

    private async Task<RecordingMonth> FetchMonthAsync(ZoomTarget target, RecordingOwner owner, DateOnly from, DateOnly to, SemaphoreSlim gate, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var meetings = await zoom.ListUserRecordingsWindowAsync(target, owner.PathUserId!, from, to, ct);
            await ties.TieListedAsync(owner.ConnectionId!.Value, meetings.Select(RecordingSeen.From), ct);
            var sessions = await SessionLinksAsync(owner.ConnectionId!.Value, meetings.Select(m => m.Id), ct);
            var items = meetings
                .Select(m => RecordingItem.From(owner.ConnectionId!.Value, m, sessions.GetValueOrDefault(m.Id), owner.StaffMemberId, owner.StaffName))
                .OrderByDescending(m => m.StartTime)
                .ToList();
            return new RecordingMonth(from, to, items, null);
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock, owner.StaffName) is { } refusal)
        {
            return new RecordingMonth(from, to, [], refusal.Text, refusal);
        }
        finally
        {
            gate.Release();
        }
    }

    internal async Task<Dictionary<long, RecordingSessionLink>> SessionLinksAsync(int connectionId, IEnumerable<long> meetingIds, CancellationToken ct)
    {
        var ids = meetingIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Sessions.AsNoTracking()
            .Where(s => s.ConnectionId == connectionId && ids.Contains(s.ZoomMeetingId))
            .Select(s => new { s.Id, s.ZoomMeetingId, s.ClientName, s.ClientEmail })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ZoomMeetingId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Id).Select(r => new RecordingSessionLink(r.Id, r.ClientName, r.ClientEmail)).First());
    }

    public async Task<ZoomResult<IReadOnlyList<RecordingItem>>> ListForSessionAsync(long sessionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().Include(s => s.StaffMember).ThenInclude(m => m!.Mapping)
            .FirstOrDefaultAsync(s => s.Id == sessionId, ct) ?? throw new RecordingAccessDeniedException("No such session.");
        var owner = await access.AuthorizeOwnerAsync(session.StaffMemberId, ct);
        if (owner.SwitchedOffReason is { } off)
        {
            throw new RecordingAccessDeniedException(off);
        }
        var hostId = owner.AsMe ? owner.PathUserId : session.ZoomHostUserId ?? owner.ZoomUserId;
        var link = new RecordingSessionLink(session.Id, session.ClientName, session.ClientEmail);
        IReadOnlyList<ZoomRecordingMeeting> meetings;
        try
        {
            var target = await targets.ResolveAsync(session.ConnectionId, ct);
            if (hostId is null)
            {
                var one = await access.GetMeetingCachedAsync(session.ConnectionId, session.ZoomMeetingId.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
                meetings = one is null ? [] : [one];
            }
            else
            {
                var day = DateOnly.FromDateTime(session.StartsAt.UtcDateTime);
                meetings = await zoom.ListUserRecordingsWindowAsync(target, hostId, day.AddDays(-1), day.AddDays(2), ct);
            }
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock, owner.StaffName) is { } refusal)
        {
            return ZoomResult<IReadOnlyList<RecordingItem>>.Refused(refusal);
        }
        await ties.TieListedAsync(session.ConnectionId, meetings.Where(m => m.Id == session.ZoomMeetingId).Select(RecordingSeen.From), ct);
        return ZoomResult.Ok<IReadOnlyList<RecordingItem>>(meetings.Where(m => m.Id == session.ZoomMeetingId)
            .Select(m => RecordingItem.From(session.ConnectionId, m, link, owner.StaffMemberId, owner.StaffName))
            .OrderByDescending(m => m.StartTime).ToList());
    }

    public async Task<ZoomResult<IReadOnlyList<RecordingItem>>> ListTrashAsync(int staffMemberId, CancellationToken ct = default)
    {
        var owner = await access.AuthorizeOwnerAsync(staffMemberId, ct);
        if (!owner.CanList)
        {
            throw new RecordingAccessDeniedException(owner.Problem ?? "No Zoom user.");
        }
        try
        {
            var target = await targets.ResolveAsync(owner.ConnectionId!.Value, ct);
            var meetings = await zoom.ListTrashAsync(target, owner.PathUserId!, ct);
            var sessions = await SessionLinksAsync(owner.ConnectionId!.Value, meetings.Select(m => m.Id), ct);
            return ZoomResult.Ok<IReadOnlyList<RecordingItem>>(meetings
                .Select(m => RecordingItem.From(owner.ConnectionId!.Value, m, sessions.GetValueOrDefault(m.Id), owner.StaffMemberId, owner.StaffName))
                .OrderByDescending(m => m.StartTime).ToList());
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock, owner.StaffName) is { } refusal)
        {
            return ZoomResult<IReadOnlyList<RecordingItem>>.Refused(refusal);
        }
    }

    public async Task<ZoomResult> DeleteAsync(int connectionId, string meetingUuid, bool permanently = false, CancellationToken ct = default)
    {
        try
        {
            var meeting = await access.AuthorizeMeetingAsync(connectionId, meetingUuid, ct);
            var target = await targets.ResolveAsync(connectionId, ct);
            await zoom.DeleteMeetingRecordingsAsync(target, meeting.Uuid, permanently, ct);
            access.ForgetMeeting(connectionId, meetingUuid);
            var size = meeting.TotalSize > 0 ? meeting.TotalSize : meeting.Files.Sum(f => f.FileSize);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await audit.AddAsync(db, permanently ? RecordingAuditActions.DeletedPermanently : RecordingAuditActions.DeletedToTrash,
                AuditTarget.Recording(meeting.Uuid, meeting.Topic), new { MeetingId = meeting.Id, meeting.HostId, meeting.StartTime, Bytes = size }, null, connectionId);
            freed.AddFreed(db, connectionId, size);
            await db.SaveChangesAsync(ct);
            return ZoomResult.Done;
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock) is { } refusal)
        {
            return new ZoomResult(refusal);
        }
    }

    public async Task<ZoomResult> RecoverAsync(int staffMemberId, string meetingUuid, CancellationToken ct = default)
    {
        var owner = await access.AuthorizeOwnerAsync(staffMemberId, ct);
        if (!owner.CanList)
        {
            throw new RecordingAccessDeniedException(owner.Problem ?? "No Zoom user.");
        }
        try
        {
            var target = await targets.ResolveAsync(owner.ConnectionId!.Value, ct);
            var trash = await zoom.ListTrashAsync(target, owner.PathUserId!, ct);
            var meeting = trash.FirstOrDefault(m => m.Uuid == meetingUuid)
                ?? throw new RecordingAccessDeniedException("That recording is not in this person's trash.");
            await zoom.RecoverMeetingRecordingsAsync(target, meeting.Uuid, ct);
            access.ForgetMeeting(owner.ConnectionId!.Value, meetingUuid);
            await audit.WriteAsync(RecordingAuditActions.Recovered, AuditTarget.Recording(meeting.Uuid, meeting.Topic), null,
                new { meeting.Topic, MeetingId = meeting.Id, meeting.HostId, meeting.StartTime }, owner.ConnectionId, ct);
            return ZoomResult.Done;
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock, owner.StaffName) is { } refusal)
        {
            return new ZoomResult(refusal);
        }
    }

    public async Task<ZoomResult<RecordingFileStream>> OpenFileAsync(int connectionId, string meetingUuid, string fileId, long? rangeFrom, long? rangeTo,
        CancellationToken ct = default)
    {
        try
        {
            var meeting = await access.AuthorizeMeetingAsync(connectionId, meetingUuid, ct);
            var stream = await OpenAsync(targets, zoom, connectionId, meeting, fileId, rangeFrom, rangeTo, ct);
            if (rangeFrom is null or 0)
            {
                await audit.WriteAsync(RecordingAuditActions.FileOpened, AuditTarget.Recording(meeting.Uuid, meeting.Topic), null,
                    new { meeting.Topic, File = stream.File.Label, stream.File.FileType }, connectionId, ct);
            }
            return ZoomResult.Ok(stream);
        }
        catch (Exception e) when (ZoomRefusal.From(e, clock) is { } refusal)
        {
            return ZoomResult<RecordingFileStream>.Refused(refusal);
        }
    }

    internal static async Task<RecordingFileStream> OpenAsync(IZoomTargetResolver targets, IZoomRecordings zoom, int connectionId,
        ZoomRecordingMeeting meeting, string fileId, long? rangeFrom, long? rangeTo, CancellationToken ct)
    {
        var file = meeting.Files.FirstOrDefault(f => f.Id == fileId && !string.IsNullOrEmpty(f.DownloadUrl))
            ?? throw new RecordingAccessDeniedException("No such recording file.");
        var target = await targets.ResolveAsync(connectionId, ct);
        var download = await zoom.DownloadAsync(target, file.DownloadUrl!, rangeFrom, rangeTo, ct);
        var item = RecordingFileItem.From(file);
        var contentType = download.ContentType is { Length: > 0 } t && t != "application/octet-stream" ? t : ContentTypeOf(item);
        return new RecordingFileStream(download, item.FileName(meeting.Topic), contentType, item);
    }

    private static string ContentTypeOf(RecordingFileItem f) => (f.Extension ?? f.FileType).ToUpperInvariant() switch
    {
        "MP4" => "video/mp4",
        "M4A" => "audio/mp4",
        "VTT" => "text/vtt",
        "TXT" => "text/plain",
        "JSON" => "application/json",
        _ => "application/octet-stream",
    };
}
