namespace Portal.Core.Features.Usage;

/// <summary>Bytes the recordings clean-up says it freed; an estimate until a later usage snapshot confirms it.</summary>
public sealed class StorageFreedEstimate
{
    public long Id { get; set; }
    public int ConnectionId { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public long Bytes { get; set; }
}
