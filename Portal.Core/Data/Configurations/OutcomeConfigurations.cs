using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Features.Outcomes;
using Portal.Core.Features.Sessions;

namespace Portal.Core.Data.Configurations;

internal sealed class MeetingFactConfiguration : IEntityTypeConfiguration<MeetingFact>
{
    public void Configure(EntityTypeBuilder<MeetingFact> b)
    {
        b.HasIndex(e => new { e.SessionId, e.Key }).IsUnique();
        b.Property(e => e.Key).HasMaxLength(64);
        b.Property(e => e.MeetingUuid).HasMaxLength(100);
        b.Property(e => e.ParticipantKey).HasMaxLength(300);
        b.Property(e => e.ParticipantName).HasMaxLength(300);
        b.Property(e => e.ParticipantEmail).HasMaxLength(320);
        b.Property(e => e.ZoomUserId).HasMaxLength(100);
        b.Property(e => e.MeetingUserId).HasMaxLength(100);
        b.HasOne<Session>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionOutcomeConfiguration : IEntityTypeConfiguration<SessionOutcome>
{
    public void Configure(EntityTypeBuilder<SessionOutcome> b)
    {
        b.HasKey(e => e.SessionId);
        b.Ignore(e => e.Shown);
        b.Property(e => e.CorrectedBy).HasMaxLength(200);
        b.Property(e => e.CorrectionNote).HasMaxLength(500);
        b.Property(e => e.ReconcileNote).HasMaxLength(500);
        b.HasIndex(e => new { e.Final, e.ReconcileAfter });
        b.HasOne<Session>().WithOne().HasForeignKey<SessionOutcome>(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionAttendanceConfiguration : IEntityTypeConfiguration<SessionAttendance>
{
    public void Configure(EntityTypeBuilder<SessionAttendance> b)
    {
        b.HasIndex(e => e.SessionId);
        b.Property(e => e.ParticipantKey).HasMaxLength(300);
        b.Property(e => e.Name).HasMaxLength(300);
        b.Property(e => e.Email).HasMaxLength(320);
        b.Property(e => e.ZoomUserId).HasMaxLength(100);
        b.HasOne<Session>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AttendeeAssignmentConfiguration : IEntityTypeConfiguration<AttendeeAssignment>
{
    public void Configure(EntityTypeBuilder<AttendeeAssignment> b)
    {
        b.HasKey(e => new { e.SessionId, e.ParticipantKey });
        b.Property(e => e.ParticipantKey).HasMaxLength(300);
        b.Property(e => e.AssignedBy).HasMaxLength(200);
        b.HasOne<Session>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MeetingEventTallyConfiguration : IEntityTypeConfiguration<MeetingEventTally>
{
    public void Configure(EntityTypeBuilder<MeetingEventTally> b)
    {
        b.HasKey(e => e.ConnectionId);
        b.Property(e => e.ConnectionId).ValueGeneratedNever();
    }
}
