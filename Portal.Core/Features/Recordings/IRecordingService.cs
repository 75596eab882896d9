using Portal.Core.Data;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Recordings;

/// <summary>
/// Cloud recordings of staff members, with authorization enforced here (not only in the UI): a refused actor gets
/// <see cref="RecordingAccessDeniedException"/>; Zoom's refusals come back as a <see cref="ZoomResult"/>, never as Zoom's exceptions.
/// </summary>
public interface IRecordingService
{
    /// <summary>The signed-in person's own staff member and Zoom user, or why recordings cannot be listed.</summary>
    Task<RecordingOwner> GetMineAsync(CancellationToken ct = default);

    /// <summary>Any staff member (directors and administrators), or the actor's own.</summary>
    Task<RecordingOwner> GetOwnerAsync(int staffMemberId, CancellationToken ct = default);

    /// <summary>Staff members with a Zoom user, for directors browsing someone's recordings.</summary>
    Task<IReadOnlyList<RecordingStaffOption>> ListStaffAsync(CancellationToken ct = default);

    /// <summary>
    /// A staff member's recordings in [from, to], fetched month by month with the month requests running concurrently;
    /// each month is yielded as soon as it arrives (not in calendar order).
    /// </summary>
    IAsyncEnumerable<RecordingMonth> ListByMonthAsync(int staffMemberId, DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>The recordings of one portal session (its meeting id), for the session page.</summary>
    Task<ZoomResult<IReadOnlyList<RecordingItem>>> ListForSessionAsync(long sessionId, CancellationToken ct = default);

    Task<ZoomResult<IReadOnlyList<RecordingItem>>> ListTrashAsync(int staffMemberId, CancellationToken ct = default);

    /// <summary>Deletes all of a meeting's recordings (to the trash unless permanently).</summary>
    Task<ZoomResult> DeleteAsync(int connectionId, string meetingUuid, bool permanently = false, CancellationToken ct = default);

    Task<ZoomResult> RecoverAsync(int staffMemberId, string meetingUuid, CancellationToken ct = default);

    /// <summary>Opens a recording file from Zoom (optionally a byte range) after checking the actor may see it.</summary>
    Task<ZoomResult<RecordingFileStream>> OpenFileAsync(int connectionId, string meetingUuid, string fileId, long? rangeFrom, long? rangeTo, CancellationToken ct = default);
}

/// <summary>Where freed storage is reported as an estimate until the next usage refresh confirms it.</summary>
public interface IFreedStorageReporter
{
    /// <summary>Adds the estimate to the caller's context, saved with the deletion's audit entry.</summary>
    void AddFreed(PortalDbContext db, int connectionId, long bytes);
}

/// <summary>Freed space goes to the dashboards as an estimate, pending until the next usage snapshot confirms it.</summary>
internal sealed class UsageFreedStorageReporter(Portal.Core.Features.Usage.IUsageEstimates estimates) : IFreedStorageReporter
{
    public void AddFreed(PortalDbContext db, int connectionId, long bytes) => estimates.AddFreed(db, connectionId, bytes);
}
