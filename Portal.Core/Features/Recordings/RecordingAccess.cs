using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Recordings;

/// <summary>
/// Who may see or change which recording, decided below the UI: directors and administrators any; a teacher only
/// meetings whose Zoom host is their own mapped Zoom user (verified against Zoom, cached briefly).
/// </summary>
public sealed class RecordingAccess(
    IDbContextFactory<PortalDbContext> dbFactory,
    ICurrentActor currentActor,
    IStaffIdentityBinder staffBinder,
    IZoomRecordings zoom,
    IZoomTargetResolver targets,
    IMemoryCache cache)
{
    private static readonly TimeSpan s_meetingCacheTime = TimeSpan.FromSeconds(60);

    public Task<Actor> ActorAsync() => currentActor.GetAsync();

    public async Task<RecordingOwner> OwnerForActorAsync(Actor actor, CancellationToken ct)
    {
        var staffId = await FindStaffIdForActorAsync(actor, ct);
        if (staffId is null)
        {
            return new RecordingOwner(null, actor.Name, actor.Email, null, null, null,
                $"Your sign-in ({actor.Email ?? actor.Name}) is not on the writing center's staff roster, so Portal cannot tell which Zoom user is yours.",
                "Ask your writing-center director to add you on the Staff & mapping page.");
        }
        return await OwnerForStaffAsync(staffId.Value, ct);
    }

    public async Task<RecordingOwner> OwnerForStaffAsync(int staffMemberId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var staff = await db.StaffMembers.AsNoTracking().Include(s => s.Mapping).FirstOrDefaultAsync(s => s.Id == staffMemberId, ct)
            ?? throw new RecordingAccessDeniedException("No such staff member.");
        var m = staff.Mapping;
        var connectionId = m?.ConnectionId ?? staff.ConnectionId;
        string? problem = null;
        string? whom = null;
        if (m is null || m.Status == MappingStatus.NotChecked)
        {
            problem = $"{staff.Name} has not been matched to a Zoom user yet.";
            whom = "Ask your writing-center director to run the staff mapping check on the Staff & mapping page.";
        }
        else if (m.Status == MappingStatus.Basic)
        {
            problem = $"{staff.Name}'s Zoom user ({m.ZoomEmail}) is Basic (unlicensed): Basic users cannot record to the cloud.";
            whom = "Ask your IT administrator to assign a Zoom licence.";
        }
        else if (m.Status == MappingStatus.Pending)
        {
            problem = $"{staff.Name} has not accepted the Zoom invitation yet, so there is no Zoom user to list recordings for.";
            whom = "Accept the invitation e-mail from Zoom, or ask your IT administrator to send it again.";
        }
        else if (m.Status is MappingStatus.Deactivated)
        {
            problem = $"{staff.Name}'s Zoom user is deactivated.";
            whom = "Ask your IT administrator to reactivate it.";
        }
        else if (m.Status is MappingStatus.NotInZoom or MappingStatus.InAnotherAccount or MappingStatus.Conflict)
        {
            problem = $"{staff.Name} has no usable Zoom user in the writing center's account ({Describe(m.Status)}{(string.IsNullOrWhiteSpace(m.Reason) ? "" : $": {m.Reason}")}).";
            whom = "Ask your writing-center director to resolve the mapping on the Staff & mapping page.";
        }
        else if (string.IsNullOrEmpty(m.ZoomUserId) || connectionId is null)
        {
            problem = $"{staff.Name}'s Zoom mapping has no Zoom user id or connection.";
            whom = "Ask your writing-center director to re-run the staff mapping check.";
        }
        // The one account-wide check of the recordings feature: every owner-based Zoom call starts from this owner.
        var access = ZoomUserAccess.AccountWide;
        string? switchedOff = null;
        if (connectionId is { } cid)
        {
            try
            {
                access = await AccountWideAccess.RequireForUserAsync(db, cid, AccountWideFeature.RecordingsForOthers, m?.ZoomUserId, [staff.Email, m?.ZoomEmail], ct);
            }
            catch (AccountWideAccessRequiredException ex)
            {
                switchedOff = problem = ex.Message;
                whom = "Ask your IT administrator to link the Zoom account again with the account-wide (admin) permissions.";
            }
        }
        return new RecordingOwner(staff.Id, staff.Name, staff.Email, connectionId, m?.ZoomUserId, m?.Status, problem, whom, access.AsMe, switchedOff);
    }

    /// <summary>The owner whose recordings the actor may list: their own, or anyone's for directors.</summary>
    public async Task<RecordingOwner> AuthorizeOwnerAsync(int staffMemberId, CancellationToken ct)
    {
        var actor = await ActorAsync();
        if (!actor.IsAdminOrDirector && await FindStaffIdForActorAsync(actor, ct) != staffMemberId)
        {
            throw new RecordingAccessDeniedException("You can only see your own recordings.");
        }
        return await OwnerForStaffAsync(staffMemberId, ct);
    }

    public void RequireDirector(Actor actor)
    {
        if (!actor.IsAdminOrDirector)
        {
            throw new RecordingAccessDeniedException("Only directors and administrators can do this.");
        }
    }

    /// <summary>The meeting's recordings as Zoom reports them now, if the actor may act on them; otherwise throws.</summary>
    public async Task<ZoomRecordingMeeting> AuthorizeMeetingAsync(int connectionId, string meetingUuid, CancellationToken ct)
    {
        var actor = await ActorAsync();
        var meeting = await GetMeetingCachedAsync(connectionId, meetingUuid, ct)
            ?? throw new RecordingAccessDeniedException("No such recording.");
        if (actor.IsAdminOrDirector)
        {
            return meeting;
        }
        await RequireHostAsync(actor, connectionId, meeting.HostId, ct);
        return meeting;
    }

    public async Task<RecordingOwner> RequireHostAsync(Actor actor, int connectionId, string? hostId, CancellationToken ct)
    {
        var owner = await OwnerForActorAsync(actor, ct);
        if (owner.ZoomUserId is null || owner.ConnectionId != connectionId || !string.Equals(owner.ZoomUserId, hostId, StringComparison.Ordinal))
        {
            throw new RecordingAccessDeniedException("This recording is not yours.");
        }
        return owner;
    }

    public async Task<ZoomRecordingMeeting?> GetMeetingCachedAsync(int connectionId, string meetingUuid, CancellationToken ct)
    {
        var key = ("recordings:meeting", connectionId, meetingUuid);
        if (cache.TryGetValue(key, out ZoomRecordingMeeting? cached) && cached is not null)
        {
            return cached;
        }
        var target = await targets.ResolveAsync(connectionId, ct);
        ZoomRecordingMeeting? meeting;
        try
        {
            meeting = await zoom.GetMeetingRecordingsAsync(target, meetingUuid, ct);
        }
        catch (ZoomApiException e) when (e.Code == ZoomErrorCodes.MissingScopes)
        {
            // Which user hosts a meeting is only known after asking Zoom, so a user-level link learns it is someone else's here.
            if (await NotAccountWideReasonAsync(connectionId, ct) is { } reason)
            {
                throw new RecordingAccessDeniedException(reason);
            }
            throw;
        }
        catch (ZoomApiException e) when (e.IsNotFound || e.Status == System.Net.HttpStatusCode.BadRequest)
        {
            meeting = null;
        }
        if (meeting is not null)
        {
            cache.Set(key, meeting, s_meetingCacheTime);
        }
        return meeting;
    }

    private async Task<string?> NotAccountWideReasonAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await AccountWideAccess.ReasonAsync(db, connectionId, AccountWideFeature.RecordingsForOthers, ct);
    }

    public void ForgetMeeting(int connectionId, string meetingUuid) => cache.Remove(("recordings:meeting", connectionId, meetingUuid));

    private async Task<int?> FindStaffIdForActorAsync(Actor actor, CancellationToken ct) =>
        (await staffBinder.FindForActorAsync(actor, ct))?.Id;

    private static string Describe(MappingStatus status) => status switch
    {
        MappingStatus.NotInZoom => "not found in Zoom",
        MappingStatus.InAnotherAccount => "the Zoom user belongs to another account",
        MappingStatus.Conflict => "more than one Zoom user matches",
        _ => status.ToString(),
    };
}
