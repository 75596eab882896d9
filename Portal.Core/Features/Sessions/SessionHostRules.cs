using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Sessions;

/// <summary>ZoomUserId is the host's real id (stored); PathUserId names them in Zoom calls ("me" on a user-level link).</summary>
public sealed record HostResolution(SessionResult? Refusal, ZoomTarget? Target, int ConnectionId, string? ZoomUserId, bool Basic, string? PathUserId = null)
{
    public static HostResolution Refused(SessionResult refusal) => new(refusal, null, 0, null, false);
}

/// <summary>Who may host a session, and the Zoom target to reach them through.</summary>
public sealed class SessionHostRules(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomUsers zoom,
    IZoomTargetResolver targets,
    SessionZoom sessionZoom,
    IOptions<SessionsOptions> options,
    TimeProvider clock)
{
    private readonly SessionsOptions _options = options.Value;

    /// <summary>
    /// Every Zoom target of the sessions feature comes from here, after the connection's access is checked for the host: a
    /// user-level link reaches only the user who linked it, so anyone else is refused with the plain reason before Zoom is called.
    /// </summary>
    public async Task<(ZoomTarget Target, ZoomUserAccess Access)> AccessHostAsync(int connectionId, StaffMember host, string? zoomUserId,
        AccountWideFeature feature, CancellationToken ct)
    {
        ZoomUserAccess access;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Licences are the account administrator's business: no user-level link may change one, not even its own user's.
            var keys = feature == AccountWideFeature.StaffAccounts ? [] : new[] { host.Email, host.Mapping?.ZoomEmail };
            access = await AccountWideAccess.RequireForUserAsync(db, connectionId, feature,
                feature == AccountWideFeature.StaffAccounts ? null : zoomUserId ?? host.Mapping?.ZoomUserId, keys, ct);
        }
        return (await targets.ResolveAsync(connectionId, ct), access);
    }

    public async Task<ZoomTarget> TargetForHostAsync(int connectionId, StaffMember host, string? zoomUserId, CancellationToken ct) =>
        (await AccessHostAsync(connectionId, host, zoomUserId, AccountWideFeature.MeetingsForOthers, ct)).Target;

    /// <summary>
    /// What the last staff check says about hosting, before anything is submitted: why they cannot host (no Zoom user, not
    /// accepted, deactivated, no Meetings licence), or the limit of a Basic user. Scheduling checks again with Zoom.
    /// </summary>
    public static (string? CannotHost, string? Warning) Hostability(StaffMapping? mapping, int basicMaxMinutes) => mapping?.Status switch
    {
        MappingStatus.NotInZoom => ("Not in Zoom: has no Zoom user in this account", null),
        MappingStatus.Pending => ("Pending: has not accepted the Zoom invitation yet", null),
        MappingStatus.Deactivated => ("Deactivated: the Zoom user is deactivated", null),
        MappingStatus.CannotHost => ("Cannot host: the Zoom user has no Meetings licence", null),
        MappingStatus.Basic => (null, $"Basic: Zoom ends their meetings after {basicMaxMinutes} minutes"),
        _ => (null, null),
    };

    /// <summary>The staff member's active Zoom user: from a fresh mapping, or re-checked with Zoom when missing or stale.</summary>
    public async Task<HostResolution> ResolveHostAsync(StaffMember staff, AccountWideFeature feature, CancellationToken ct)
    {
        HostResolution Refuse(string message) => HostResolution.Refused(SessionResult.Refused(SessionRefusal.NoZoomUser, message, staffMemberId: staff.Id));

        if (!staff.Active)
        {
            return Refuse($"{staff.Name} is not an active staff member.");
        }
        var mapping = staff.Mapping;
        if ((mapping?.ConnectionId ?? staff.ConnectionId) is not { } connectionId)
        {
            return Refuse($"{staff.Name} is not on any Zoom connection yet. Run a staff mapping sync first.");
        }
        ZoomTarget target;
        ZoomUserAccess access;
        try
        {
            (target, access) = await AccessHostAsync(connectionId, staff, mapping?.ZoomUserId, feature, ct);
        }
        catch (AccountWideAccessRequiredException ex)
        {
            return HostResolution.Refused(SessionResult.Refused(SessionRefusal.NotAccountWide, ex.Message, staffMemberId: staff.Id));
        }
        catch (InvalidOperationException ex)
        {
            return Refuse(ex.Message);
        }
        var fresh = mapping is { ZoomUserId: not null, Status: MappingStatus.Ready or MappingStatus.Basic }
            && clock.GetUtcNow() - mapping.CheckedAt <= _options.MappingMaxAge;
        if (fresh)
        {
            return new HostResolution(null, target, connectionId, mapping!.ZoomUserId, mapping.Status == MappingStatus.Basic, access.PathFor(mapping.ZoomUserId!));
        }
        ZoomUser? user;
        try
        {
            user = mapping?.ZoomUserId is { } knownId ? await zoom.GetUserAsync(target, access.PathFor(knownId), ct) : null;
            user ??= await zoom.GetUserAsync(target, access.PathFor(staff.Email), ct);
        }
        catch (Exception ex) when (sessionZoom.Refusal(ex, staff.Name) is { } zoomRefusal)
        {
            return HostResolution.Refused(zoomRefusal);
        }
        return user switch
        {
            null => Refuse($"{staff.Name} has no Zoom user ({staff.Email}) in this Zoom account. Invite them to Zoom first."),
            { Status: ZoomUserStatus.Pending } => Refuse($"{staff.Name} has not accepted the Zoom invitation yet, so they cannot host."),
            { Status: ZoomUserStatus.Inactive } => Refuse($"{staff.Name}'s Zoom user is deactivated, so they cannot host."),
            { Id: null } => Refuse($"{staff.Name}'s Zoom user has no id yet."),
            { Type: not ((int)ZoomUserType.Licensed or (int)ZoomUserType.Basic) } => Refuse($"{staff.Name}'s Zoom user cannot host meetings (no Meetings licence)."),
            _ => new HostResolution(null, target, connectionId, user.Id, user.Type == (int)ZoomUserType.Basic, access.PathFor(user.Id)),
        };
    }

    /// <summary>
    /// The rules a host must pass for a time slot, in order: no other scheduled session of theirs overlaps it, they have an
    /// eligible Zoom user, and a Basic user's meeting fits Zoom's limit. The result carries the first refusal, if any.
    /// </summary>
    public async Task<HostResolution> CheckAsync(PortalDbContext db, Actor actor, StaffMember staff, DateTimeOffset startsAt,
        DateTimeOffset endsAt, int minutes, long? exceptSessionId, bool namesClient, CancellationToken ct)
    {
        if (await FindOverlapAsync(db, staff.Id, startsAt, endsAt, exceptSessionId, ct) is { } clash)
        {
            var client = namesClient ? $" with {clash.ClientName}" : "";
            return HostResolution.Refused(SessionResult.Refused(SessionRefusal.Overlap,
                $"{staff.Name} already has a session then: \"{clash.Topic}\"{client} at {SessionTime.Format(clash.StartsAt, clash.TimeZone)}."));
        }
        var host = await ResolveHostAsync(staff, AccountWideFeature.MeetingsForOthers, ct);
        if (host.Refusal is not null)
        {
            return host;
        }
        return RefuseBasicTooLong(actor, staff, host, minutes) is { } basicRefusal ? host with { Refusal = basicRefusal } : host;
    }

    private SessionResult? RefuseBasicTooLong(Actor actor, StaffMember staff, HostResolution host, int minutes)
    {
        if (!host.Basic || minutes <= _options.BasicMaxMinutes)
        {
            return null;
        }
        var mayAssign = actor.IsInRole(Roles.Admin);
        return SessionResult.Refused(SessionRefusal.BasicTooLong,
            $"{staff.Name} has a Basic Zoom user: Zoom ends their meetings after {_options.BasicMaxMinutes} minutes. "
            + (mayAssign ? "Assign a licence, or make the session shorter." : $"Make the session {_options.BasicMaxMinutes} minutes or shorter, or ask an administrator to assign a licence."),
            offerLicence: mayAssign, staffMemberId: staff.Id);
    }

    private static async Task<Session?> FindOverlapAsync(PortalDbContext db, int staffId, DateTimeOffset start, DateTimeOffset end, long? except, CancellationToken ct) =>
        await db.Sessions.AsNoTracking()
            .Where(s => s.StaffMemberId == staffId && s.State == SessionState.Scheduled && s.StartsAt < end && s.EndsAt > start && s.Id != (except ?? 0))
            .OrderBy(s => s.StartsAt).FirstOrDefaultAsync(ct);
}
