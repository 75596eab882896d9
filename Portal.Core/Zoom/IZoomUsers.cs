namespace Portal.Core.Zoom;

/// <summary>
/// Zoom users of a connection's account: listing, lookup, creation, licence type and the settings sessions depend on.
/// Every call carries its <see cref="ZoomTarget"/>; errors surface as the Zoom exceptions (<see cref="ZoomApiException"/> and kin).
/// </summary>
public interface IZoomUsers
{
    /// <summary>All users of one status, 300 per page, following next_page_token; yields page by page.</summary>
    IAsyncEnumerable<ZoomUserPage> ListUsersAsync(ZoomTarget target, ZoomUserStatus status, CancellationToken ct = default);

    /// <summary>A user by id, e-mail or "me"; null when Zoom answers 1001.</summary>
    Task<ZoomUser?> GetUserAsync(ZoomTarget target, string userIdOrEmail, CancellationToken ct = default);

    Task<ZoomCreatedUser> CreateUserAsync(ZoomTarget target, ZoomNewUser user, CancellationToken ct = default);

    Task UpdateUserTypeAsync(ZoomTarget target, string userId, ZoomUserType type, CancellationToken ct = default);

    Task<ZoomUserSettings> GetUserSettingsAsync(ZoomTarget target, string userId, CancellationToken ct = default);

    Task UpdateUserSettingsAsync(ZoomTarget target, string userId, ZoomUserSettingsUpdate update, CancellationToken ct = default);

    Task<ZoomUsersSummary> GetUsersSummaryAsync(ZoomTarget target, CancellationToken ct = default);
}
