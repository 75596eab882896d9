using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Core.Features.Recordings;

/// <summary>An expiring portal link to one meeting's recordings, for a person without an account (the session's client).</summary>
public sealed class RecordingShare
{
    public long Id { get; set; }

    /// <summary>SHA-256 (hex) of the link token; the token itself is shown once and never stored.</summary>
    public required string TokenHash { get; set; }

    public int ConnectionId { get; set; }
    public required string MeetingUuid { get; set; }
    public long MeetingId { get; set; }
    public required string Topic { get; set; }
    public int? StaffMemberId { get; set; }
    public string? HostZoomUserId { get; set; }
    public long? SessionId { get; set; }
    public string? RecipientName { get; set; }
    public string? RecipientEmail { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public int ViewCount { get; set; }
    public DateTimeOffset? LastViewedAt { get; set; }
}

internal sealed class RecordingShareConfiguration : IEntityTypeConfiguration<RecordingShare>
{
    public void Configure(EntityTypeBuilder<RecordingShare> b)
    {
        b.Property(e => e.TokenHash).HasMaxLength(64);
        b.HasIndex(e => e.TokenHash).IsUnique();
        b.HasIndex(e => new { e.ConnectionId, e.MeetingUuid });
        b.Property(e => e.MeetingUuid).HasMaxLength(200);
        b.Property(e => e.Topic).HasMaxLength(500);
    }
}
