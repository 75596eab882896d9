using System.Net;
using System.Runtime.CompilerServices;

namespace Portal.Core.Zoom;

internal sealed partial class ZoomClient
{
    public async IAsyncEnumerable<ZoomUserPage> ListUsersAsync(ZoomTarget target, ZoomUserStatus status, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var query = new Dictionary<string, string> { ["status"] = StatusName(status) };
        await foreach (var (page, next) in PagesAsync(target, "users", query, ZoomRateCategory.Medium, ZoomWireJson.Default.UserPageWire, ct))
        {
            var users = (page.Users ?? []).Select(u => MapUser(u, status)).ToList();
            yield return new ZoomUserPage(users, page.TotalRecords ?? users.Count, next);
        }
    }

    public async Task<ZoomUser?> GetUserAsync(ZoomTarget target, string userIdOrEmail, CancellationToken ct = default)
    {
        try
        {
            return MapUser(await GetAsync(target, "users/" + Segment(userIdOrEmail), ZoomRateCategory.Light, ZoomWireJson.Default.UserWire, ct), null);
        }
        catch (ZoomApiException ex) when (ex is not ZoomScopeException && (ex.Code == ZoomErrorCodes.UserNotFound || ex.Status == HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    public async Task<ZoomCreatedUser> CreateUserAsync(ZoomTarget target, ZoomNewUser user, CancellationToken ct = default)
    {
        var body = Json(new CreateUserWire("create", new NewUserInfoWire(user.Email, (int)user.Type, user.FirstName, user.LastName)),
            ZoomWireJson.Default.CreateUserWire);
        var created = await SendAsync(target, HttpMethod.Post, "users", ZoomRateCategory.Light, body, ZoomWireJson.Default.CreatedUserWire, ct);
        return new ZoomCreatedUser(NullIfEmpty(created.Id), created.Email ?? user.Email, created.Type ?? (int)user.Type);
    }

    public async Task UpdateUserTypeAsync(ZoomTarget target, string userId, ZoomUserType type, CancellationToken ct = default)
    {
        using var _ = await SendAsync(target, HttpMethod.Patch, "users/" + Segment(userId), ZoomRateCategory.Light,
            Json(new UserTypeWire((int)type), ZoomWireJson.Default.UserTypeWire), ct);
    }

    public async Task<ZoomUserSettings> GetUserSettingsAsync(ZoomTarget target, string userId, CancellationToken ct = default)
    {
        var settings = await GetAsync(target, "users/" + Segment(userId) + "/settings", ZoomRateCategory.Medium, ZoomWireJson.Default.UserSettingsWire, ct);
        return new ZoomUserSettings(
            settings.Recording?.CloudRecording,
            settings.InMeeting?.WaitingRoom,
            settings.Recording?.AutoRecording is { } auto ? auto.Equals("cloud", StringComparison.OrdinalIgnoreCase) : null);
    }

    public async Task UpdateUserSettingsAsync(ZoomTarget target, string userId, ZoomUserSettingsUpdate update, CancellationToken ct = default)
    {
        if (update.CloudRecordingAllowed is null && update.WaitingRoom is null)
        {
            return;
        }
        var body = Json(new UserSettingsUpdateWire(
                update.CloudRecordingAllowed is { } cloud ? new RecordingSettingsWire { CloudRecording = cloud } : null,
                update.WaitingRoom is { } waiting ? new InMeetingSettingsWire { WaitingRoom = waiting } : null),
            ZoomWireJson.Default.UserSettingsUpdateWire);
        using var _ = await SendAsync(target, HttpMethod.Patch, "users/" + Segment(userId) + "/settings", ZoomRateCategory.Medium, body, ct);
    }

    public async Task<ZoomUsersSummary> GetUsersSummaryAsync(ZoomTarget target, CancellationToken ct = default)
    {
        var s = await GetAsync(target, "users/summary", ZoomRateCategory.Medium, ZoomWireJson.Default.UsersSummaryWire, ct);
        return new ZoomUsersSummary(
            s.LicensedUsersCount ?? 0, s.BasicUsersCount ?? 0, s.PendingUsersCount ?? 0, s.TotalUsersCount ?? 0,
            s.OnPremUsersCount ?? 0, s.RoomUsersCount ?? 0, s.JoinOnlyUsersCount ?? 0);
    }

    private static ZoomUser MapUser(UserWire u, ZoomUserStatus? fallback) => new(
        NullIfEmpty(u.Id),
        u.Email ?? "",
        u.FirstName,
        u.LastName,
        u.DisplayName,
        u.Type ?? (int)ZoomUserType.Basic,
        ParseStatus(u.Status) ?? fallback ?? ZoomUserStatus.Active,
        u.AccountId,
        u.LastLoginTime,
        u.UserCreatedAt ?? u.CreatedAt,
        NullIfEmpty(u.Timezone));

    private static ZoomUserStatus? ParseStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "active" => ZoomUserStatus.Active,
        "inactive" => ZoomUserStatus.Inactive,
        "pending" => ZoomUserStatus.Pending,
        _ => null,
    };

    private static string StatusName(ZoomUserStatus status) => status switch
    {
        ZoomUserStatus.Inactive => "inactive",
        ZoomUserStatus.Pending => "pending",
        _ => "active",
    };
}
