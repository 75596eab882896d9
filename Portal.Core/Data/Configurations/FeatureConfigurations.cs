using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Features.Usage;
using Portal.Core.Features.Webhooks;

namespace Portal.Core.Data.Configurations;

internal sealed class ZoomConnectionConfiguration : IEntityTypeConfiguration<ZoomConnection>
{
    public void Configure(EntityTypeBuilder<ZoomConnection> b)
    {
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Slug).HasMaxLength(200);
        b.HasIndex(e => e.Slug).IsUnique();
        b.HasIndex(e => new { e.AccountId, e.ClientId });
    }
}

internal sealed class StaffMemberConfiguration : IEntityTypeConfiguration<StaffMember>
{
    public void Configure(EntityTypeBuilder<StaffMember> b)
    {
        b.Property(e => e.Email).HasMaxLength(320);
        b.Property(e => e.NormalizedEmail).HasMaxLength(320);
        b.HasIndex(e => e.NormalizedEmail).IsUnique();
        b.HasIndex(e => e.ObjectId);
        b.HasIndex(e => e.Name);
        b.HasOne(e => e.Connection).WithMany().HasForeignKey(e => e.ConnectionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(e => e.Mapping).WithOne(m => m.StaffMember).HasForeignKey<StaffMapping>(m => m.StaffMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StaffMappingConfiguration : IEntityTypeConfiguration<StaffMapping>
{
    public void Configure(EntityTypeBuilder<StaffMapping> b)
    {
        b.HasKey(e => e.StaffMemberId);
        b.HasIndex(e => e.Status);
        b.HasIndex(e => e.ConnectionId);
    }
}

internal sealed class ZoomUserSnapshotConfiguration : IEntityTypeConfiguration<ZoomUserSnapshot>
{
    public void Configure(EntityTypeBuilder<ZoomUserSnapshot> b)
    {
        b.HasIndex(e => new { e.ConnectionId, e.NormalizedEmail });
        b.HasIndex(e => new { e.ConnectionId, e.ZoomUserId });
        b.HasIndex(e => new { e.ConnectionId, e.StaffMemberId });
    }
}

internal sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> b) => b.HasIndex(e => new { e.ConnectionId, e.Id });
}

internal sealed class UsageSnapshotConfiguration : IEntityTypeConfiguration<UsageSnapshot>
{
    public void Configure(EntityTypeBuilder<UsageSnapshot> b)
    {
        b.HasIndex(e => new { e.ConnectionId, e.TakenAt });
        // Covering: history is grouped per day from the index alone, without reading the (wide) rows.
        b.HasIndex(e => new { e.ConnectionId, e.DayBucket, e.LicencesPurchased, e.LicencesAssigned, e.StorageAllottedBytes, e.StorageUsedBytes, e.UsersActive },
            "IX_UsageSnapshots_History");
        b.HasIndex(e => new { e.ConnectionId, e.TakenAt }, "IX_UsageSnapshots_Consumers").HasFilter("\"ConsumersJson\" IS NOT NULL");
    }
}

internal sealed class UsageReportDayConfiguration : IEntityTypeConfiguration<UsageReportDay>
{
    public void Configure(EntityTypeBuilder<UsageReportDay> b) => b.HasIndex(e => new { e.ConnectionId, e.Day }).IsUnique();
}

internal sealed class StorageFreedEstimateConfiguration : IEntityTypeConfiguration<StorageFreedEstimate>
{
    public void Configure(EntityTypeBuilder<StorageFreedEstimate> b) => b.HasIndex(e => new { e.ConnectionId, e.RecordedAt });
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> b)
    {
        b.HasIndex(e => e.JoinTokenHash).IsUnique();
        b.HasIndex(e => new { e.StaffMemberId, e.StartsAt });
        b.HasIndex(e => e.EndsAt);
        b.Property(e => e.ClientName).HasMaxLength(200);
        b.Property(e => e.ClientEmail).HasMaxLength(320);
        b.Property(e => e.Topic).HasMaxLength(200);
        b.HasIndex(e => e.ZoomMeetingId);
        b.HasOne(e => e.StaffMember).WithMany().HasForeignKey(e => e.StaffMemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SessionJoinClickConfiguration : IEntityTypeConfiguration<SessionJoinClick>
{
    public void Configure(EntityTypeBuilder<SessionJoinClick> b)
    {
        b.HasIndex(e => new { e.SessionId, e.ClickedAt });
        b.HasOne<Session>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> b)
    {
        b.HasIndex(e => e.Identity).IsUnique();
        b.HasIndex(e => e.ProcessedAt);
    }
}

internal sealed class ZoomLinkAttemptConfiguration : IEntityTypeConfiguration<ZoomLinkAttempt>
{
    public void Configure(EntityTypeBuilder<ZoomLinkAttempt> b)
    {
        b.Property(e => e.StateHash).HasMaxLength(64);
        b.Property(e => e.BrowserBindingHash).HasMaxLength(64);
        b.HasIndex(e => e.StateHash).IsUnique();
        b.HasIndex(e => e.ExpiresAt);
    }
}
