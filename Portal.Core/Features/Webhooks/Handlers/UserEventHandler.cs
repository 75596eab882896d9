using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Staff;

namespace Portal.Core.Features.Webhooks.Handlers;

/// <summary>Moves a staff member's mapping at once when their Zoom user changes (Pending to Ready is the one directors wait for).</summary>
public sealed class UserEventHandler(IAuditLog audit, TimeProvider clock) : IWebhookEventHandler
{
    private static readonly string[] s_events =
        ["user.created", "user.updated", "user.activated", "user.deactivated", "user.deleted", "user.disassociated", "user.invitation_accepted"];

    public bool Handles(string eventName) => s_events.Contains(eventName);

    public async Task HandleAsync(WebhookContext context, CancellationToken ct)
    {
        var user = context.Payload.Object();
        var zoomId = user.String("id");
        var email = user.String("email")?.Trim().ToLowerInvariant();
        var member = await FindMemberAsync(context.Db, context.Event.ConnectionId, zoomId, email, ct);
        if (member is null)
        {
            return;
        }
        var mapping = member.Mapping ??= new StaffMapping { StaffMemberId = member.Id };
        if (Next(context.Event.Event, context.Payload, user, mapping) is not { } next)
        {
            return;
        }
        var before = new { mapping.Status, mapping.ZoomUserId, mapping.ZoomUserType };
        mapping.Status = next.Status;
        mapping.Reason = next.Reason;
        mapping.ZoomUserId = zoomId ?? mapping.ZoomUserId;
        mapping.ZoomEmail = user.String("email") ?? mapping.ZoomEmail;
        mapping.ZoomUserType = user.Int("type") ?? mapping.ZoomUserType;
        mapping.ZoomStatus = next.ZoomStatus;
        mapping.ConnectionId ??= context.Event.ConnectionId;
        mapping.CheckedAt = clock.GetUtcNow();
        if (before.Status != mapping.Status)
        {
            await audit.AddAsync(context.Db, StaffAuditActions.MappingStatusChanged, AuditTarget.Staff(member.Id, member.Email), new { Status = before.Status.ToString() },
                new { Status = mapping.Status.ToString(), ZoomEvent = context.Event.Event }, mapping.ConnectionId);
        }
        await context.Db.SaveChangesAsync(ct);
    }

    private static (MappingStatus Status, string Reason, string ZoomStatus)? Next(string eventName, JsonElement payload, JsonElement user, StaffMapping mapping)
    {
        var type = user.Int("type") ?? mapping.ZoomUserType;
        switch (eventName)
        {
            case "user.deactivated":
                return (MappingStatus.Deactivated, "Deactivated in Zoom. Reactivate the user in Zoom's admin portal.", "inactive");
            case "user.deleted" or "user.disassociated":
                return (MappingStatus.NotInZoom, "Removed from the Zoom account. Invite them again from the portal.", "deleted");
            case "user.created" when payload.String("creation_type") is not ("autoCreate" or "ssoCreate" or "custCreate"):
                return (MappingStatus.Pending, "Invited to Zoom; waiting for them to accept the e-mail invitation.", "pending");
            case "user.updated" when mapping.Status is not (MappingStatus.Ready or MappingStatus.Basic or MappingStatus.CannotHost) || user.Int("type") is null:
                return null;
            default:
                return type switch
                {
                    2 => (MappingStatus.Ready, "Active, licensed Zoom user.", "active"),
                    1 => (MappingStatus.Basic, "Active but Basic (unlicensed): meetings end after 40 minutes. Assign a licence.", "active"),
                    _ => (MappingStatus.CannotHost, "Active, but this Zoom user type cannot host meetings.", "active"),
                };
        }
    }

    private static async Task<StaffMember?> FindMemberAsync(PortalDbContext db, int? connectionId, string? zoomId, string? email, CancellationToken ct)
    {
        var members = db.StaffMembers.Include(s => s.Mapping).Where(s => connectionId == null || s.ConnectionId == connectionId);
        if (zoomId is not null && await members.FirstOrDefaultAsync(s => s.Mapping!.ZoomUserId == zoomId, ct) is { } byId)
        {
            return byId;
        }
        if (email is null)
        {
            return null;
        }
        return await members.FirstOrDefaultAsync(s => s.NormalizedEmail == email, ct)
            ?? (await members.Where(s => s.Aliases.ToLower().Contains(email)).ToListAsync(ct))
                .FirstOrDefault(s => s.Aliases.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Any(a => a.Equals(email, StringComparison.OrdinalIgnoreCase)));
    }
}
