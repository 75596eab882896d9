using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Features.Audit;
using Portal.Core.Jobs;

namespace Portal.Core.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(e => e.Actor).HasMaxLength(320);
        b.Property(e => e.Action).HasMaxLength(100);
        b.Property(e => e.Target).HasMaxLength(AuditEntry.MaxTargetLength);
        b.Property(e => e.TargetKind).HasMaxLength(40);
        b.Property(e => e.TargetId).HasMaxLength(200);
        b.Property(e => e.TargetName).HasMaxLength(400);
        b.Property(e => e.Changes).HasConversion(
            changes => AuditChange.ToJson(changes),
            json => AuditChange.FromJson(json),
            new ValueComparer<List<AuditChange>>((a, b) => a!.SequenceEqual(b!), c => c.Aggregate(0, (h, x) => HashCode.Combine(h, x)), c => c.ToList()));
        b.HasIndex(e => e.At);
        b.HasIndex(e => e.Action);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.Property(e => e.JobName).HasMaxLength(100);
        b.HasIndex(e => new { e.JobName, e.ConnectionId, e.Id });
    }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> b)
    {
        b.HasKey(e => e.Key);
        b.Property(e => e.Key).HasMaxLength(200);
        b.Property(e => e.Holder).HasMaxLength(200);
    }
}
