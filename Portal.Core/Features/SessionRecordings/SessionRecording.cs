using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Features.Sessions;

namespace Portal.Core.Features.SessionRecordings;

public enum SessionRecordingState
{
    Available = 0,

    /// <summary>Moved to the trash in Zoom; it comes back if it is recovered there.</summary>
    Trashed = 1,

    /// <summary>Deleted in Zoom, or Zoom answered that it no longer has it.</summary>
    Deleted = 2,
}

/// <summary>A cloud recording (one meeting instance, by its UUID) tied to the session whose meeting it recorded.</summary>
public sealed class SessionRecording
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public Session? Session { get; set; }
    public int ConnectionId { get; set; }
    public long MeetingId { get; set; }
    public required string MeetingUuid { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public int DurationMinutes { get; set; }
    public long TotalSize { get; set; }
    public int FileCount { get; set; }

    /// <summary>The file the client plays: the video (the speaker-and-screen view first), else the audio; null when none is playable.</summary>
    public string? PlayFileId { get; set; }
    public string? PlayFileType { get; set; }
    public SessionRecordingState State { get; set; }
    public DateTimeOffset TiedAt { get; set; }
    public DateTimeOffset? StateChangedAt { get; set; }
}

internal sealed class SessionRecordingConfiguration : IEntityTypeConfiguration<SessionRecording>
{
    public void Configure(EntityTypeBuilder<SessionRecording> b)
    {
        b.ToTable("SessionRecordings");
        b.Property(e => e.MeetingUuid).HasMaxLength(200);
        b.Property(e => e.PlayFileId).HasMaxLength(200);
        b.Property(e => e.PlayFileType).HasMaxLength(20);
        b.HasIndex(e => new { e.SessionId, e.MeetingUuid }).IsUnique();
        b.HasIndex(e => new { e.ConnectionId, e.MeetingUuid });
        b.HasOne(e => e.Session).WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
