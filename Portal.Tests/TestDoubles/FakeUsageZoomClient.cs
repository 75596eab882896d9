using System.Runtime.CompilerServices;
using Portal.Core.Zoom;

namespace Portal.Tests.TestDoubles;

/// <summary>Zoom's users and account figures for the usage dashboards: account usage, the users summary and the users are scripted.</summary>
public sealed class FakeUsageZoomClient : IZoomAccountReports, IZoomUsers
{
    public Func<ZoomAccountUsage> Usage { get; set; } = () => Plan(100, 87, 1024L << 30, 300L << 30);
    public ZoomUsersSummary Summary { get; set; } = new(87, 40, 3, 130, 0, 0, 0);
    public List<ZoomStorageDay> StorageDays { get; } = [];
    public List<ZoomUser> Users { get; } = [];
    public int UsageCalls { get; private set; }
    public int SummaryCalls { get; private set; }

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

    public Task<IReadOnlyList<ZoomStorageDay>> GetCloudRecordingStorageReportAsync(ZoomTarget target, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ZoomStorageDay>>(StorageDays.Where(d => d.Date >= from && d.Date <= to).ToList());

    public Task<ZoomUsersSummary> GetUsersSummaryAsync(ZoomTarget target, CancellationToken ct = default)
    {
        SummaryCalls++;
        return Task.FromResult(Summary);
    }

    public async IAsyncEnumerable<ZoomUserPage> ListUsersAsync(ZoomTarget target, ZoomUserStatus status, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Yield();
        var users = Users.Where(u => u.Status == status).ToList();
        yield return new ZoomUserPage(users, users.Count, null);
    }

    public Task<ZoomUser?> GetUserAsync(ZoomTarget target, string userIdOrEmail, CancellationToken ct = default) =>
        Task.FromResult(Users.FirstOrDefault(u => u.Id == userIdOrEmail || string.Equals(u.Email, userIdOrEmail, StringComparison.OrdinalIgnoreCase)));

    public Task<ZoomCreatedUser> CreateUserAsync(ZoomTarget target, ZoomNewUser user, CancellationToken ct = default)
    {
        var id = $"created-{Users.Count + 1}";
        Users.Add(new ZoomUser(id, user.Email, user.FirstName, user.LastName, null, (int)user.Type, ZoomUserStatus.Pending, "acc", null, null, null));
        return Task.FromResult(new ZoomCreatedUser(id, user.Email, (int)user.Type));
    }

    public Task UpdateUserTypeAsync(ZoomTarget target, string userId, ZoomUserType type, CancellationToken ct = default)
    {
        var index = Users.FindIndex(u => u.Id == userId);
        Users[index] = Users[index] with { Type = (int)type };
        return Task.CompletedTask;
    }

    public Dictionary<string, ZoomUserSettings> Settings { get; } = [];

    public Task<ZoomUserSettings> GetUserSettingsAsync(ZoomTarget target, string userId, CancellationToken ct = default) =>
        Task.FromResult(Settings.GetValueOrDefault(userId, new ZoomUserSettings(true, true, false)));

    public Task UpdateUserSettingsAsync(ZoomTarget target, string userId, ZoomUserSettingsUpdate update, CancellationToken ct = default)
    {
        var current = Settings.GetValueOrDefault(userId, new ZoomUserSettings(true, true, false));
        Settings[userId] = current with { CloudRecordingAllowed = update.CloudRecordingAllowed ?? current.CloudRecordingAllowed, WaitingRoom = update.WaitingRoom ?? current.WaitingRoom };
        return Task.CompletedTask;
    }
}
