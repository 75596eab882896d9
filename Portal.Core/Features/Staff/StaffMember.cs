using Portal.Core.Features.Connections;

namespace Portal.Core.Features.Staff;

public sealed class StaffMember
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }

    /// <summary>Lower-cased, trimmed e-mail; unique across e-mails and aliases.</summary>
    public required string NormalizedEmail { get; set; }

    /// <summary>Other addresses Zoom may know, separated by ';'.</summary>
    public string Aliases { get; set; } = "";

    public string StaffRole { get; set; } = "Tutor";
    public bool Active { get; set; } = true;
    public int? ConnectionId { get; set; }
    public ZoomConnection? Connection { get; set; }

    /// <summary>Entra ID object id (oid) and tenant (tid), bound on first sign-in.</summary>
    public string? ObjectId { get; set; }
    public string? TenantId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public StaffMapping? Mapping { get; set; }
}
