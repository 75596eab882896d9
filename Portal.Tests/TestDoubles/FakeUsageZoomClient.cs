using System.Runtime.CompilerServices;
using Portal.Core.Zoom;

namespace Portal.Tests.TestDoubles;

/// <summary>An <see cref="IZoomClient"/> for the usage dashboards: account usage, users summary, recordings and call stats are scripted.</summary>
public sealed class FakeUsageZoomClient : IZoomClient
{
    public Func<ZoomAccountUsage> Usage { get; set; } = () => Plan(100, 87, 1024L << 30, 300L << 30);
    public ZoomUsersSummary Summary { get; set; } = new(87, 40, 3, 130, 0, 0, 0);
    public Dictionary<string, List<ZoomRecordingMeeting>> Recordings { get; } = [];
    public List<ZoomUser> ActiveUsers { get; } = [];
    public ZoomCallStats? Stats { get; set; }
    public int UsageCalls { get; private set; }
    public int SummaryCalls { get; private set; }
    public List<string> RecordingListings { get; } = [];

    public static ZoomAccountUsage Plan(int purchased, int assigned, long planBytes, long usedBytes, long freeBytes = 0) =>
        new([new ZoomPlanLicences("plan_base", "monthly", purchased, assigned, 0)], purchased, assigned,
            new ZoomStorage("cloud_recording_1tb", Size(freeBytes), Size(0), Size(planBytes), Size(usedBytes), Size(0), null),
            null, [], null);

    public static ZoomSize Size(long bytes) => new(bytes, false, $"{bytes} B");

    public Task<ZoomAccountUsage> GetAccountUsageAsync(ZoomTarget target, CancellationToken ct = default)
    {
        UsageCalls++;
        return Task.FromResult(Usage());
    }

    public Task<ZoomUsersSummary> GetUsersSummaryAsync(ZoomTarget target, CancellationToken ct = default)
    {
        SummaryCalls++;
        return Task.FromResult(Summary);
    }

    public async IAsyncEnumerable<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        RecordingListings.Add(userId);
        await Task.Yield();
        yield return Recordings.TryGetValue(userId, out var list) ? list : [];
    }

    public async IAsyncEnumerable<ZoomUserPage> ListUsersAsync(ZoomTarget target, ZoomUserStatus status, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Yield();
        yield return new ZoomUserPage(status == ZoomUserStatus.Active ? ActiveUsers : [], ActiveUsers.Count, null);
    }

    /// <summary>The day the default call statistics are for.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public ZoomCallStats GetCallStats(string targetKey) => Stats ?? new ZoomCallStats(targetKey, DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime),
        Enum.GetValues<ZoomRateCategory>().ToDictionary(c => c, _ => 0), 0, 0, 0);

    public Task<ZoomTokenInfo> GetTokenInfoAsync(ZoomTarget target, CancellationToken ct = default) => throw new NotSupportedException();
    public void ForgetToken(ZoomTarget target) { }
    public Uri BuildAuthorizeUrl(string state, string codeChallenge) => throw new NotSupportedException();
    public Task<ZoomOAuthTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ZoomOAuthTokens> RefreshLinkAsync(LinkedAccountTarget target, CancellationToken ct = default) => throw new NotSupportedException();
    public Task RevokeAsync(string accessToken, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ZoomUser?> GetUserAsync(ZoomTarget target, string userIdOrEmail, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ZoomCreatedUser> CreateUserAsync(ZoomTarget target, ZoomNewUser user, CancellationToken ct = default) => throw new NotSupportedException();
    public Task UpdateUserTypeAsync(ZoomTarget target, string userId, ZoomUserType type, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ZoomUserSettings> GetUserSettingsAsync(ZoomTarget target, string userId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task UpdateUserSettingsAsync(ZoomTarget target, string userId, ZoomUserSettingsUpdate update, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<ZoomStorageDay>> GetCloudRecordingStorageReportAsync(ZoomTarget target, DateOnly from, DateOnly to, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsWindowAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<ZoomRecordingMeeting>> ListTrashAsync(ZoomTarget target, string userId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ZoomRecordingMeeting?> GetMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default) => throw new NotSupportedException();
    public Task DeleteMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, bool permanently, CancellationToken ct = default) => throw new NotSupportedException();
    public Task DeleteRecordingFileAsync(ZoomTarget target, string meetingUuid, string recordingFileId, bool permanently, CancellationToken ct = default) => throw new NotSupportedException();
    public Task RecoverMeetingRecordingsAsync(ZoomTarget target, string meetingUuid, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ZoomDownload> DownloadAsync(ZoomTarget target, string downloadUrl, long? rangeFrom = null, long? rangeTo = null, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ZoomMeeting> CreateMeetingAsync(ZoomTarget target, string hostUserId, ZoomMeetingRequest request, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ZoomMeeting?> GetMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task UpdateMeetingAsync(ZoomTarget target, long meetingId, ZoomMeetingUpdate update, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<bool> DeleteMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<ZoomMeeting>> ListUpcomingMeetingsAsync(ZoomTarget target, string hostUserId, CancellationToken ct = default) => throw new NotSupportedException();
}
