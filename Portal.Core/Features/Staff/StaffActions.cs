using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Identity;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Staff;

/// <summary>What a director can do about a member's Zoom account: invite, licence, re-check, settings; and licence reclaiming.</summary>
public interface IStaffActions
{
    Task<IReadOnlyList<StaffActionResult>> InviteAsync(IReadOnlyCollection<int> staffIds, bool licensed, CancellationToken ct = default);
    Task<IReadOnlyList<StaffActionResult>> AssignLicenceAsync(IReadOnlyCollection<int> staffIds, CancellationToken ct = default);
    Task<IReadOnlyList<StaffActionResult>> RecheckAsync(IReadOnlyCollection<int> staffIds, CancellationToken ct = default);
    Task<LicenceFigures?> LicencesLeftAsync(int connectionId, CancellationToken ct = default);
    Task<ZoomSettingsResult> GetSettingsAsync(int staffId, CancellationToken ct = default);
    Task<StaffActionResult> FixSettingsAsync(int staffId, CancellationToken ct = default);

    /// <summary>Takes the licence back (type Basic) from one Zoom user, approved by an administrator.</summary>
    Task<StaffActionResult> ReclaimAsync(int connectionId, string zoomUserId, CancellationToken ct = default);
}

public sealed class StaffActions(
    IDbContextFactory<PortalDbContext> dbFactory,
    IZoomUsers zoom,
    IZoomAccountReports zoomAccount,
    IZoomTargetResolver resolver,
    ICurrentActor currentActor,
    IAuditLog audit,
    TimeProvider clock) : IStaffActions
{
    public Task<IReadOnlyList<StaffActionResult>> InviteAsync(IReadOnlyCollection<int> staffIds, bool licensed, CancellationToken ct = default) =>
        ForEachMemberAsync(staffIds, new BulkAction("invite", StaffAuditActions.InviteRefused, StaffAuditActions.InviteFailed), async (member, actor) =>
        {
            if (member.ConnectionId is not { } connectionId)
            {
                return new StaffActionResult(member.Id, member.Name, false, "No Zoom connection assigned: edit the member first.");
            }
            if (member.Mapping is { Status: not (MappingStatus.NotInZoom or MappingStatus.NotChecked) } m)
            {
                return new StaffActionResult(member.Id, member.Name, false, $"Not invited: the member is {MappingTexts.Label(m.Status)}, not 'Not in Zoom'.");
            }
            var (target, _) = await TargetForAsync(connectionId, null, ct);
            var (first, last) = SplitName(member.Name);
            var created = await zoom.CreateUserAsync(target, new ZoomNewUser(member.Email.Trim(), licensed ? ZoomUserType.Licensed : ZoomUserType.Basic, first, last), ct);
            var reason = $"Invited to Zoom by {StaffService.ActorName(actor)}; waiting for them to accept the e-mail from Zoom.";
            await SetMappingAsync(member.Id, connectionId, MappingStatus.Pending, reason, MappingFix.Recheck,
                new ZoomUser(created.Id, created.Email, first, last, member.Name, created.Type, ZoomUserStatus.Pending, null, null, clock.GetUtcNow(), null),
                actor, $"Invited to Zoom as {(licensed ? "licensed" : "Basic")}.",
                new AuditNote(StaffAuditActions.Invited, AuditTarget.Staff(member.Id, member.Email), null, new { type = licensed ? "licensed" : "basic", zoomUserId = created.Id }), ct);
            return new StaffActionResult(member.Id, member.Name, true, $"Invited {member.Email}: now Pending until they accept.");
        }, ct);

    public Task<IReadOnlyList<StaffActionResult>> AssignLicenceAsync(IReadOnlyCollection<int> staffIds, CancellationToken ct = default) =>
        ForEachMemberAsync(staffIds, new BulkAction("assign a licence", StaffAuditActions.AssignLicenceRefused, StaffAuditActions.AssignLicenceFailed), async (member, actor) =>
        {
            if (member.Mapping is not { ZoomUserId: { } zoomUserId, ConnectionId: { } connectionId } mapping
                || mapping.Status is not (MappingStatus.Basic or MappingStatus.CannotHost or MappingStatus.Pending or MappingStatus.Ready))
            {
                return new StaffActionResult(member.Id, member.Name, false, "Only members with a Zoom account (Basic or Cannot host) can get a licence.");
            }
            if (mapping.Status == MappingStatus.Ready)
            {
                return new StaffActionResult(member.Id, member.Name, true, "Already licensed.");
            }
            var (target, _) = await TargetForAsync(connectionId, null, ct);
            await zoom.UpdateUserTypeAsync(target, zoomUserId, ZoomUserType.Licensed, ct);
            var pending = mapping.Status == MappingStatus.Pending;
            var newStatus = pending ? MappingStatus.Pending : MappingStatus.Ready;
            var reason = pending ? "Licence assigned; still waiting for them to accept the Zoom invitation." : "Licensed and active in Zoom.";
            await SetMappingAsync(member.Id, connectionId, newStatus, reason, pending ? MappingFix.Recheck : MappingFix.None,
                new ZoomUser(zoomUserId, mapping.ZoomEmail ?? member.Email, null, null, member.Name, (int)ZoomUserType.Licensed,
                    pending ? ZoomUserStatus.Pending : ZoomUserStatus.Active, null, mapping.ZoomLastLoginAt, null, null),
                actor, "Licence assigned.",
                new AuditNote(StaffAuditActions.LicenceAssigned, AuditTarget.Staff(member.Id, member.Email), new { ZoomUserType = mapping.ZoomUserType }, new { ZoomUserType = (int)ZoomUserType.Licensed }), ct);
            return new StaffActionResult(member.Id, member.Name, true, $"Licence assigned to {member.Email}.");
        }, ct);

    public Task<IReadOnlyList<StaffActionResult>> RecheckAsync(IReadOnlyCollection<int> staffIds, CancellationToken ct = default) =>
        ForEachMemberAsync(staffIds, new BulkAction("re-check", StaffAuditActions.RecheckRefused, StaffAuditActions.RecheckFailed), async (member, actor) =>
        {
            if (member.ConnectionId is not { } connectionId)
            {
                return new StaffActionResult(member.Id, member.Name, false, "No Zoom connection assigned: edit the member first.");
            }
            var (target, access) = await TargetForAsync(connectionId, member, ct);
            var users = new List<ZoomUser>();
            string? domain;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                domain = await db.ZoomConnections.Where(c => c.Id == connectionId).Select(c => c.UsernameMatchDomain).FirstOrDefaultAsync(ct);
            }
            var addresses = StaffMatcher.ParseAliases(member.Aliases).Prepend(StaffMatcher.Normalize(member.Email)).Distinct().ToList();
            if (!string.IsNullOrWhiteSpace(domain))
            {
                addresses.AddRange(addresses.Select(a => a.Split('@')[0] + "@" + domain.Trim().TrimStart('@').ToLowerInvariant()).ToList());
            }
            // A user-level link can look up only its own user, and only as "me".
            foreach (var address in addresses.Select(access.PathFor).Distinct())
            {
                if (await zoom.GetUserAsync(target, address, ct) is { } u)
                {
                    users.Add(u);
                }
            }
            var connectionName = await ConnectionNameAsync(connectionId, ct);
            var result = StaffMatcher.Match([new MatchStaff(member.Id, member.Name, member.Email, member.Aliases)], users, domain, connectionName).Results[0];
            var changed = await SetMappingAsync(member.Id, connectionId, result.Status, result.Reason, result.Fix, result.User, actor, "Re-checked in Zoom.",
                new AuditNote(StaffAuditActions.Rechecked, AuditTarget.Staff(member.Id, member.Email), null, new { Status = MappingTexts.Label(result.Status) }), ct);
            return new StaffActionResult(member.Id, member.Name, true,
                changed ? $"{member.Name}: now {MappingTexts.Label(result.Status)}." : $"{member.Name}: still {MappingTexts.Label(result.Status)}.");
        }, ct);

    /// <summary>
    /// The per-member loop of the bulk actions: each member's result in name order; a Zoom problem is recorded on that member
    /// (history and audit) without stopping the others; a connection that does not reach the member is refused with its reason.
    /// </summary>
    private async Task<IReadOnlyList<StaffActionResult>> ForEachMemberAsync(IReadOnlyCollection<int> staffIds, BulkAction what,
        Func<StaffMember, Actor, Task<StaffActionResult>> act, CancellationToken ct)
    {
        var actor = await EnsureDirectorAsync();
        var results = new List<StaffActionResult>();
        foreach (var member in await LoadAsync(staffIds, ct))
        {
            try
            {
                results.Add(await act(member, actor));
            }
            catch (AccountWideAccessRequiredException ex)
            {
                await audit.WriteAsync(what.RefusedAction, AuditTarget.Staff(member.Id, member.Email), null, new { Reason = ex.Message }, member.ConnectionId, ct);
                results.Add(new StaffActionResult(member.Id, member.Name, false, ex.Message));
            }
            catch (Exception ex) when (IsFailure(ex))
            {
                results.Add(await FailAsync(member, actor, what.What, what.FailedAction, ex, ct));
            }
        }
        return results;
    }

    /// <summary>
    /// Every Zoom target of these actions comes from here, after the connection's access is checked: a user-level link reaches only
    /// the member who linked it (as "me"); with no member (invite, licences, reclaim) the action needs the whole account.
    /// </summary>
    private async Task<(ZoomTarget Target, ZoomUserAccess Access)> TargetForAsync(int connectionId, StaffMember? member, CancellationToken ct)
    {
        ZoomUserAccess access;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var emails = member is null ? [] : StaffMatcher.ParseAliases(member.Aliases).Append(member.Email).Append(member.Mapping?.ZoomEmail).ToList();
            access = await AccountWideAccess.RequireForUserAsync(db, connectionId, AccountWideFeature.StaffAccounts, member?.Mapping?.ZoomUserId, emails, ct);
        }
        return (await resolver.ResolveAsync(connectionId, ct), access);
    }

    public async Task<LicenceFigures?> LicencesLeftAsync(int connectionId, CancellationToken ct = default)
    {
        await EnsureDirectorAsync();
        try
        {
            var (target, _) = await TargetForAsync(connectionId, null, ct);
            var usage = await zoomAccount.GetAccountUsageAsync(target, ct);
            if (usage.LicencesPurchased is not null)
            {
                return new LicenceFigures(usage.LicencesPurchased, usage.LicencesAssigned, "Zoom, just now");
            }
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            // Fall back to the last usage snapshot below.
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var snapshot = await db.UsageSnapshots.AsNoTracking().Where(u => u.ConnectionId == connectionId).OrderByDescending(u => u.TakenAt).FirstOrDefaultAsync(ct);
        return snapshot?.LicencesPurchased is null ? null
            : new LicenceFigures(snapshot.LicencesPurchased, snapshot.LicencesAssigned, $"usage snapshot of {snapshot.TakenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
    }

    public async Task<ZoomSettingsResult> GetSettingsAsync(int staffId, CancellationToken ct = default)
    {
        await EnsureDirectorAsync();
        try
        {
            var (target, zoomUserId, _) = await ZoomAccountOfAsync(staffId, ct);
            var s = await zoom.GetUserSettingsAsync(target, zoomUserId, ct);
            return new ZoomSettingsResult(new ZoomSettingsView(s.CloudRecordingAllowed, s.WaitingRoom, s.AutoRecordingCloud));
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            var refusal = ZoomRefusal.From(ex, clock);
            return new ZoomSettingsResult(null, refusal?.Text ?? ex.Message, refusal);
        }
    }

    public async Task<StaffActionResult> FixSettingsAsync(int staffId, CancellationToken ct = default)
    {
        var actor = await EnsureDirectorAsync();
        var (target, zoomUserId, member) = await ZoomAccountOfAsync(staffId, ct);
        try
        {
            var before = await zoom.GetUserSettingsAsync(target, zoomUserId, ct);
            await zoom.UpdateUserSettingsAsync(target, zoomUserId, new ZoomUserSettingsUpdate(CloudRecordingAllowed: true, WaitingRoom: true), ct);
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                StaffHistoryWriter.Add(db, member.Id, StaffHistoryKind.Action, StaffService.ActorName(actor),
                    "Zoom settings fixed: cloud recording allowed, waiting room on.", clock.GetUtcNow());
                await audit.AddAsync(db, StaffAuditActions.ZoomSettingsFixed, AuditTarget.Staff(member.Id, member.Email),
                    new { cloudRecording = before.CloudRecordingAllowed, waitingRoom = before.WaitingRoom }, new { cloudRecording = true, waitingRoom = true },
                    member.ConnectionId, actor);
                await db.SaveChangesAsync(ct);
            }
            return new StaffActionResult(member.Id, member.Name, true, "Cloud recording allowed and waiting room on.");
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            return await FailAsync(member, actor, "fix Zoom settings", StaffAuditActions.FixZoomSettingsFailed, ex, ct);
        }
    }

    public async Task<StaffActionResult> ReclaimAsync(int connectionId, string zoomUserId, CancellationToken ct = default)
    {
        var actor = await currentActor.GetAsync();
        if (!actor.IsInRole(Roles.Admin))
        {
            throw new UnauthorizedAccessException("Only IT administrators can approve a licence reclaim.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var snapshot = await db.ZoomUserSnapshots.FirstOrDefaultAsync(u => u.ConnectionId == connectionId && u.ZoomUserId == zoomUserId, ct)
            ?? throw new KeyNotFoundException("This Zoom user is not in the last sync.");
        var staffId = snapshot.StaffMemberId ?? 0;
        try
        {
            var (target, _) = await TargetForAsync(connectionId, null, ct);
            await zoom.UpdateUserTypeAsync(target, zoomUserId, ZoomUserType.Basic, ct);
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            var refusal = ZoomRefusal.From(ex, clock, snapshot.Email);
            var message = refusal?.Text ?? ex.Message;
            await audit.WriteAsync(StaffAuditActions.LicenceReclaimFailed, AuditTarget.ZoomUser(zoomUserId, snapshot.Email), null, new { Reason = message }, connectionId, ct);
            return new StaffActionResult(staffId, snapshot.Email, false, message, refusal);
        }
        var reclaimed = new AuditNote(StaffAuditActions.LicenceReclaimed, AuditTarget.ZoomUser(zoomUserId, snapshot.Email),
            new { Type = "licensed", LastLogin = snapshot.LastLoginAt }, new { Type = "basic" });
        if (snapshot.StaffMemberId is { } sid)
        {
            // The mapping, the snapshot's new type and both audit entries are saved together.
            await SetMappingAsync(sid, connectionId, MappingStatus.Basic,
                $"Licence reclaimed by {StaffService.ActorName(actor)} after no sign-in since {snapshot.LastLoginAt?.UtcDateTime.ToString("yyyy-MM-dd") ?? "ever"}.",
                MappingFix.AssignLicence,
                new ZoomUser(zoomUserId, snapshot.Email, null, null, snapshot.DisplayName, (int)ZoomUserType.Basic, ZoomUserStatus.Active, null, snapshot.LastLoginAt, null, null),
                actor, "Licence reclaimed (approved explicitly).", reclaimed, ct);
        }
        else
        {
            snapshot.Type = (int)ZoomUserType.Basic;
            await audit.AddAsync(db, reclaimed.Action, reclaimed.Target, reclaimed.OldValue, reclaimed.NewValue, connectionId, actor);
            await db.SaveChangesAsync(ct);
        }
        return new StaffActionResult(staffId, snapshot.Email, true, $"Licence taken back from {snapshot.Email}; the user is now Basic.");
    }

    private async Task<(ZoomTarget Target, string ZoomUserId, StaffMember Member)> ZoomAccountOfAsync(int staffId, CancellationToken ct)
    {
        var member = (await LoadAsync([staffId], ct)).FirstOrDefault() ?? throw new KeyNotFoundException("This staff member does not exist.");
        if (member.Mapping is not { ZoomUserId: { } zoomUserId, ConnectionId: { } connectionId })
        {
            throw new InvalidOperationException($"{member.Name} has no Zoom account yet: invite them first.");
        }
        var (target, access) = await TargetForAsync(connectionId, member, ct);
        return (target, access.PathFor(zoomUserId), member);
    }

    private async Task<string> ConnectionNameAsync(int connectionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ZoomConnections.Where(c => c.Id == connectionId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "this account";
    }

    private async Task<List<StaffMember>> LoadAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.StaffMembers.AsNoTracking().Include(s => s.Mapping).Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name).ToListAsync(ct);
    }

    /// <summary>Stores the new mapping, its history line and status-change audit; true when the status changed.</summary>
    private async Task<bool> SetMappingAsync(int staffId, int connectionId, MappingStatus status, string reason, MappingFix fix, ZoomUser? user,
        Actor actor, string action, AuditNote? note, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mapping = await db.StaffMappings.FirstOrDefaultAsync(m => m.StaffMemberId == staffId, ct);
        var old = mapping?.Status;
        if (mapping is null)
        {
            mapping = new StaffMapping { StaffMemberId = staffId };
            db.StaffMappings.Add(mapping);
        }
        mapping.Status = status;
        mapping.Reason = reason;
        mapping.Fix = fix;
        mapping.ConnectionId = connectionId;
        mapping.CheckedAt = now;
        if (user is not null)
        {
            mapping.ZoomUserId = string.IsNullOrWhiteSpace(user.Id) ? null : user.Id;
            mapping.ZoomEmail = user.Email;
            mapping.ZoomUserType = user.Type;
            mapping.ZoomStatus = StaffSyncService.StatusText(user.Status);
            mapping.ZoomLastLoginAt = user.LastLoginTime;
            var key = StaffMatcher.Normalize(user.Email);
            var snapshot = await db.ZoomUserSnapshots.FirstOrDefaultAsync(u => u.ConnectionId == connectionId && u.NormalizedEmail == key, ct);
            if (snapshot is null)
            {
                var lastRun = await db.SyncRuns.Where(r => r.ConnectionId == connectionId).OrderByDescending(r => r.Id).Select(r => r.Id).FirstOrDefaultAsync(ct);
                db.ZoomUserSnapshots.Add(new ZoomUserSnapshot
                {
                    ConnectionId = connectionId, ZoomUserId = mapping.ZoomUserId, Email = user.Email, NormalizedEmail = key, DisplayName = user.Name,
                    Type = user.Type, Status = mapping.ZoomStatus, LastLoginAt = user.LastLoginTime, SyncRunId = lastRun, StaffMemberId = staffId,
                });
            }
            else
            {
                snapshot.ZoomUserId = mapping.ZoomUserId ?? snapshot.ZoomUserId;
                snapshot.Type = user.Type;
                snapshot.Status = mapping.ZoomStatus;
                snapshot.StaffMemberId = staffId;
            }
        }
        else
        {
            mapping.ZoomUserId = null;
            mapping.ZoomEmail = null;
            mapping.ZoomUserType = null;
            mapping.ZoomStatus = null;
            mapping.ZoomLastLoginAt = null;
        }
        var who = StaffService.ActorName(actor);
        StaffHistoryWriter.Add(db, staffId, StaffHistoryKind.Action, who, action, now);
        if (old != status)
        {
            StaffHistoryWriter.Add(db, staffId, StaffHistoryKind.StatusChange, who,
                $"{(old is { } o ? MappingTexts.Label(o) : "Not checked")} → {MappingTexts.Label(status)}: {reason}", now, old, status);
            var email = await db.StaffMembers.Where(m => m.Id == staffId).Select(m => m.Email).FirstAsync(ct);
            await audit.AddAsync(db, StaffAuditActions.StatusChanged, AuditTarget.Staff(staffId, email),
                new { Status = old is { } ov ? MappingTexts.Label(ov) : "Not checked" }, new { Status = MappingTexts.Label(status) }, connectionId, actor);
        }
        if (note is not null)
        {
            await audit.AddAsync(db, note.Action, note.Target, note.OldValue, note.NewValue, connectionId, actor);
        }
        await db.SaveChangesAsync(ct);
        return old != status;
    }

    /// <summary>Zoom's refusal, or the portal's own reason (a connection that is off or does not reach the member).</summary>
    private static bool IsFailure(Exception ex) => ZoomRefusal.IsZoomFailure(ex) || ex is InvalidOperationException;

    /// <summary>Records why an action failed for a member (history and audit), in Zoom's refusal words when Zoom refused.</summary>
    private async Task<StaffActionResult> FailAsync(StaffMember member, Actor actor, string what, string failedAction, Exception failure, CancellationToken ct)
    {
        var refusal = ZoomRefusal.From(failure, clock, member.Name);
        var message = refusal?.Text ?? failure.Message;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            StaffHistoryWriter.Add(db, member.Id, StaffHistoryKind.Action, StaffService.ActorName(actor), $"Could not {what}: {message}", clock.GetUtcNow());
            await audit.AddAsync(db, failedAction, AuditTarget.Staff(member.Id, member.Email), null, new { Reason = message }, member.ConnectionId, actor);
            await db.SaveChangesAsync(ct);
        }
        return new StaffActionResult(member.Id, member.Name, false, message, refusal);
    }

    private static (string First, string Last) SplitName(string name)
    {
        var parts = name.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length switch
        {
            0 => ("", ""),
            1 => (parts[0], ""),
            _ => (parts[0], parts[1]),
        };
    }

    private async Task<Actor> EnsureDirectorAsync()
    {
        var actor = await currentActor.GetAsync();
        if (!actor.IsAdminOrDirector)
        {
            throw new UnauthorizedAccessException("Only directors and administrators can change members' Zoom accounts.");
        }
        return actor;
    }

    /// <summary>A bulk action: its words in the member's history and its audit actions.</summary>
    private sealed record BulkAction(string What, string RefusedAction, string FailedAction);

    /// <summary>The audit entry of an action that changes a member's mapping, saved with the mapping.</summary>
    private sealed record AuditNote(string Action, AuditTarget Target, object? OldValue, object? NewValue);
}
