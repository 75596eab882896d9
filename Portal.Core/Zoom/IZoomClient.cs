namespace Portal.Core.Zoom;

/// <summary>
/// Every Zoom call the portal makes. Typed, connection-aware (the <see cref="ZoomTarget"/> travels with each call),
/// token-caching and resilient. Errors surface as <see cref="ZoomApiException"/>, <see cref="ZoomOAuthException"/>,
/// <see cref="ZoomRateLimitException"/> or <see cref="ZoomUnavailableException"/>.
/// </summary>
public interface IZoomClient
{
    // ---- Tokens and OAuth ----

    /// <summary>Gets (or reuses) a token and reports its scopes and API URL.</summary>
    Task<ZoomTokenInfo> GetTokenInfoAsync(ZoomTarget target, CancellationToken ct = default);

    /// <summary>Forgets the cached token of a connection (after credentials change or unlink).</summary>
    void ForgetToken(ZoomTarget target);

    /// <summary>Zoom's authorize URL for the portal's OAuth app, with state and the PKCE challenge (S256).</summary>
    Uri BuildAuthorizeUrl(string state, string codeChallenge);

    /// <summary>Exchanges an authorization code (sending the PKCE verifier) for tokens.</summary>
    Task<ZoomOAuthTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct = default);

    /// <summary>Refreshes a linked account's tokens now (rotation), serialised per link, stored through the token store.</summary>
    Task<ZoomOAuthTokens> RefreshLinkAsync(LinkedAccountTarget target, CancellationToken ct = default);

    /// <summary>Revokes a token at Zoom (the token goes in the form body, never the URL).</summary>
    Task RevokeAsync(string accessToken, CancellationToken ct = default);

    // ---- Users ----

    /// <summary>All users of one status, 300 per page, following next_page_token; yields page by page.</summary>
    IAsyncEnumerable<ZoomUserPage> ListUsersAsync(ZoomTarget target, ZoomUserStatus status, CancellationToken ct = default);

    /// <summary>A user by id, e-mail or "me"; null when Zoom answers 1001.</summary>
    Task<ZoomUser?> GetUserAsync(ZoomTarget target, string userIdOrEmail, CancellationToken ct = default);

    Task<ZoomCreatedUser> CreateUserAsync(ZoomTarget target, ZoomNewUser user, CancellationToken ct = default);

    Task UpdateUserTypeAsync(ZoomTarget target, string userId, ZoomUserType type, CancellationToken ct = default);

    Task<ZoomUserSettings> GetUserSettingsAsync(ZoomTarget target, string userId, CancellationToken ct = default);

    Task UpdateUserSettingsAsync(ZoomTarget target, string userId, ZoomUserSettingsUpdate update, CancellationToken ct = default);

    Task<ZoomUsersSummary> GetUsersSummaryAsync(ZoomTarget target, CancellationToken ct = default);

    // ---- Account usage ----

    /// <summary>Plan usage (licences, storage), falling back to the users summary where Zoom refuses it.</summary>
    Task<ZoomAccountUsage> GetAccountUsageAsync(ZoomTarget target, CancellationToken ct = default);

    /// <summary>Daily cloud recording storage (range at most 30 days, ending yesterday at the latest).</summary>
    Task<IReadOnlyList<ZoomStorageDay>> GetCloudRecordingStorageReportAsync(ZoomTarget target, DateOnly from, DateOnly to, CancellationToken ct = default);

    // ---- Recordings ----

    /// <summary>A user's cloud recordings in one window of at most one month (all pages).</summary>
    Task<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsWindowAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>A user's cloud recordings over any range: split into month windows, yielded window by window (newest first).</summary>
    IAsyncEnumerable<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>The user's recordings in the trash.</summary>
    Task<IReadOnlyList<ZoomRecordingMeeting>> ListTrashAsync(ZoomTarget target, string userId, CancellationToken ct = default);

    /// <summary>One meeting's recordings (numeric id = latest instance, or a UUID); null on 3301.</summary>
    Task<ZoomRecordingMeeting?> GetMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default);

    /// <summary>Deletes all of a meeting's recordings to the trash, or permanently.</summary>
    Task DeleteMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, bool permanently, CancellationToken ct = default);

    Task DeleteRecordingFileAsync(ZoomTarget target, string meetingUuid, string recordingFileId, bool permanently, CancellationToken ct = default);

    Task RecoverMeetingRecordingsAsync(ZoomTarget target, string meetingUuid, CancellationToken ct = default);

    /// <summary>Streams a recording file through Zoom's redirect to storage; supports a byte range.</summary>
    Task<ZoomDownload> DownloadAsync(ZoomTarget target, string downloadUrl, long? rangeFrom = null, long? rangeTo = null, CancellationToken ct = default);

    // ---- Meetings ----

    Task<ZoomMeeting> CreateMeetingAsync(ZoomTarget target, string hostUserId, ZoomMeetingRequest request, CancellationToken ct = default);

    /// <summary>The meeting with a fresh start_url; null on 3001 (deleted or expired).</summary>
    Task<ZoomMeeting?> GetMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default);

    Task UpdateMeetingAsync(ZoomTarget target, long meetingId, ZoomMeetingUpdate update, CancellationToken ct = default);

    /// <summary>Deletes a meeting; false when it was already gone.</summary>
    Task<bool> DeleteMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default);

    /// <summary>A host's upcoming scheduled meetings (to find a meeting whose create timed out).</summary>
    Task<IReadOnlyList<ZoomMeeting>> ListUpcomingMeetingsAsync(ZoomTarget target, string hostUserId, CancellationToken ct = default);

    // ---- Statistics ----

    /// <summary>Calls made today per category for a connection key, 429s seen and daily limits hit.</summary>
    ZoomCallStats GetCallStats(string targetKey);
}
