using System.Runtime.CompilerServices;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Staff;

/// <summary>Staff services over a real, migrated test database (<see cref="TestDatabase"/>), a fixed actor and a scriptable fake Zoom client.</summary>
public sealed class StaffTestHost : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public StaffTestHost()
    {
        var s = new ServiceCollection();
        s.AddLogging();
        s.AddSingleton(TimeProvider.System);
        s.AddDbContextFactory<PortalDbContext>(_database.Configure);
        s.AddSingleton<ICurrentActor>(Actor);
        s.AddScoped<IAuditLog, AuditLog>();
        s.AddScoped<IValidator<StaffMemberInput>, StaffMemberInputValidator>();
        s.AddOptions<StaffOptions>();
        s.AddScoped<IStaffService, StaffService>();
        s.AddScoped<SaveStaffMember>();
        s.AddScoped<ImportStaffRoster>();
        s.AddScoped<IStaffActions, StaffActions>();
        s.AddScoped<IStaffIdentityBinder, StaffIdentityBinder>();
        s.AddScoped<IStaffSyncService, StaffSyncService>();
        s.AddTestNotifications();
        s.AddSingleton<IZoomUsers>(Zoom);
        s.AddSingleton<IZoomAccountReports>(Zoom);
        s.AddSingleton<IZoomCallStatistics>(new ZoomCallStatistics(TimeProvider.System));
        s.AddSingleton<IZoomTargetResolver, FakeResolver>();
        Services = s.BuildServiceProvider();
    }

    public static Actor Director { get; } = new("Dana Director", "dev-director", "dana.director@writing.example.edu", new HashSet<string> { Roles.Director });
    public static Actor Admin { get; } = new("Ada Admin", "dev-admin", "ada.admin@writing.example.edu", new HashSet<string> { Roles.Admin });
    public static Actor Teacher { get; } = new("Terry Teacher", "dev-teacher", "terry.teacher@writing.example.edu", new HashSet<string> { Roles.Teacher });

    public FakeCurrentActor Actor { get; } = new(Director);
    public FakeStaffZoomClient Zoom { get; } = new();
    public ServiceProvider Services { get; }
    public TestDatabase Database => _database;

    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public async Task<PortalDbContext> DbAsync() => await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task<int> AddConnectionAsync(string name = "Demo", string? usernameDomain = null, string accountId = "acc-1")
    {
        await using var db = await DbAsync();
        var c = new ZoomConnection
        {
            Name = name, Slug = name.ToLowerInvariant().Replace(' ', '-'), Kind = ConnectionKind.ServerToServer, AccountId = accountId,
            ClientId = "cid", UsernameMatchDomain = usernameDomain, CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        db.ZoomConnections.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    public async Task<int> AddMemberAsync(string name, string email, int? connectionId, string aliases = "", bool active = true)
    {
        await using var db = await DbAsync();
        var m = new StaffMember
        {
            Name = name, Email = email, NormalizedEmail = StaffMatcher.Normalize(email), Aliases = aliases, Active = active,
            ConnectionId = connectionId, CreatedAt = TimeProvider.System.GetUtcNow(), UpdatedAt = TimeProvider.System.GetUtcNow(),
        };
        db.StaffMembers.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed class FakeResolver : IZoomTargetResolver
    {
        public Task<ZoomTarget> ResolveAsync(int connectionId, CancellationToken ct = default) =>
            Task.FromResult<ZoomTarget>(ServerToServerTarget.ForConnection(connectionId, "acc", "cid", "secret"));
    }
}

/// <summary>The Zoom users and account figures the staff feature reads and changes, scripted per test.</summary>
public sealed class FakeStaffZoomClient : IZoomUsers, IZoomAccountReports
{
    public List<ZoomUser> Users { get; } = [];
    public Exception? ListFailure { get; set; }
    public int ListPagesServed { get; private set; }
    public List<(string UserId, ZoomUserType Type)> TypeChanges { get; } = [];
    public List<ZoomNewUser> Created { get; } = [];
    public Exception? UpdateTypeFailure { get; set; }
    public ZoomUserSettings Settings { get; set; } = new(false, false, false);
    public ZoomUserSettingsUpdate? LastSettingsUpdate { get; private set; }
    public ZoomAccountUsage? Usage { get; set; }

    public async IAsyncEnumerable<ZoomUserPage> ListUsersAsync(ZoomTarget target, ZoomUserStatus status, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.Yield();
        var all = Users.Where(u => u.Status == status).ToList();
        for (var i = 0; i == 0 || i < all.Count; i += 300)
        {
            if (ListFailure is not null)
            {
                throw ListFailure;
            }
            ListPagesServed++;
            yield return new ZoomUserPage(all.Skip(i).Take(300).ToList(), all.Count, i + 300 < all.Count ? "next" : "");
        }
    }

    public Task<ZoomUser?> GetUserAsync(ZoomTarget target, string userIdOrEmail, CancellationToken ct = default) =>
        Task.FromResult(Users.FirstOrDefault(u => u.Id == userIdOrEmail || string.Equals(u.Email, userIdOrEmail, StringComparison.OrdinalIgnoreCase)));

    public Task<ZoomCreatedUser> CreateUserAsync(ZoomTarget target, ZoomNewUser user, CancellationToken ct = default)
    {
        Created.Add(user);
        Users.Add(new ZoomUser(null, user.Email, user.FirstName, user.LastName, null, (int)user.Type, ZoomUserStatus.Pending, "acc", null, null, null));
        return Task.FromResult(new ZoomCreatedUser("new-" + Created.Count, user.Email, (int)user.Type));
    }

    public Task UpdateUserTypeAsync(ZoomTarget target, string userId, ZoomUserType type, CancellationToken ct = default)
    {
        if (UpdateTypeFailure is not null)
        {
            throw UpdateTypeFailure;
        }
        TypeChanges.Add((userId, type));
        return Task.CompletedTask;
    }

    public Task<ZoomUserSettings> GetUserSettingsAsync(ZoomTarget target, string userId, CancellationToken ct = default) => Task.FromResult(Settings);

    public Task UpdateUserSettingsAsync(ZoomTarget target, string userId, ZoomUserSettingsUpdate update, CancellationToken ct = default)
    {
        LastSettingsUpdate = update;
        Settings = new ZoomUserSettings(update.CloudRecordingAllowed ?? Settings.CloudRecordingAllowed, update.WaitingRoom ?? Settings.WaitingRoom, Settings.AutoRecordingCloud);
        return Task.CompletedTask;
    }

    public Task<ZoomAccountUsage> GetAccountUsageAsync(ZoomTarget target, CancellationToken ct = default) =>
        Usage is null ? throw new ZoomUnavailableException("no usage scripted") : Task.FromResult(Usage);

    public Task<ZoomUsersSummary> GetUsersSummaryAsync(ZoomTarget target, CancellationToken ct = default) =>
        Task.FromResult(new ZoomUsersSummary(
            Users.Count(u => u.Type == (int)ZoomUserType.Licensed), Users.Count(u => u.Type == (int)ZoomUserType.Basic),
            Users.Count(u => u.Status == ZoomUserStatus.Pending), Users.Count, 0, 0, 0));

    public List<ZoomStorageDay> StorageDays { get; } = [];

    public Task<IReadOnlyList<ZoomStorageDay>> GetCloudRecordingStorageReportAsync(ZoomTarget target, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ZoomStorageDay>>(StorageDays.Where(d => d.Date >= from && d.Date <= to).ToList());
}
