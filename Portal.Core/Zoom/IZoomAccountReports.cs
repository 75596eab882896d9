namespace Portal.Core.Zoom;

/// <summary>Account-wide figures: licences and storage from plan usage, and the daily cloud recording storage report.</summary>
public interface IZoomAccountReports
{
    /// <summary>Plan usage (licences, storage), falling back to the users summary where Zoom refuses it.</summary>
    Task<ZoomAccountUsage> GetAccountUsageAsync(ZoomTarget target, CancellationToken ct = default);

    /// <summary>Daily cloud recording storage (range at most 30 days, ending yesterday at the latest).</summary>
    Task<IReadOnlyList<ZoomStorageDay>> GetCloudRecordingStorageReportAsync(ZoomTarget target, DateOnly from, DateOnly to, CancellationToken ct = default);
}
