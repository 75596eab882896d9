namespace Portal.Core.Features.Staff;

public sealed class SyncRun
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
    public int ZoomCalls { get; set; }
    public int PagesRead { get; set; }
    public int ZoomUsers { get; set; }
    public string TriggeredBy { get; set; } = "";

    /// <summary>Counts per <see cref="MappingStatus"/>, as JSON.</summary>
    public string CountsJson { get; set; } = "{}";
}
