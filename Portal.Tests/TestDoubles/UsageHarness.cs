using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Usage;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// The usage feature's Core services over a migrated test database (<see cref="TestDatabase"/>, or the SQLite file
/// <paramref name="dataSource"/> names), fake Zoom users, account figures and recordings, the real call statistics and a fake clock.
/// </summary>
public sealed class UsageHarness : IAsyncDisposable
{
    private readonly TestDatabase? _database;

    public UsageHarness(IDictionary<string, string?>? settings = null, string? dataSource = null, DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));
        Action<DbContextOptionsBuilder> configureDb;
        if (dataSource is null)
        {
            _database = new TestDatabase();
            configureDb = _database.Configure;
        }
        else
        {
            configureDb = o => o.UseSqlite($"Data Source={dataSource}");
            using var sqlite = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={dataSource}").Options);
            sqlite.Database.Migrate();
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        Services.AddDbContextFactory<PortalDbContext>(configureDb);
        Services.AddSingleton<TimeProvider>(Clock);
        CallStatistics = new ZoomCallStatistics(Clock);
        Services.AddSingleton<IZoomAccountReports>(Zoom);
        Services.AddSingleton<IZoomUsers>(Zoom);
        Services.AddSingleton<IZoomRecordings>(Recordings);
        Services.AddSingleton<IZoomCallStatistics>(CallStatistics);
        Services.AddSingleton<ISecretProtector, PlainSecretProtector>();
        Services.AddSingleton<IZoomTargetResolver, ZoomTargetResolver>();
        Services.AddScoped<ICurrentActor>(_ => new FakeCurrentActor(Actor));
        Services.AddScoped<IAuditLog, AuditLog>();
        Services.AddSingleton<IJobRunner, JobRunner>();
        Services.AddUsageFeature();
        Services.AddTestNotifications();
    }

    public ServiceCollection Services { get; } = new();
    public FakeTimeProvider Clock { get; }
    public FakeUsageZoomClient Zoom { get; } = new();
    public FakeRecordingsZoomClient Recordings { get; } = new();
    public ZoomCallStatistics CallStatistics { get; }
    public Actor Actor { get; set; } = new("Dana Director", "dev-director", "dana.director@writing.example.edu", new HashSet<string> { Roles.Director });

    private ServiceProvider? _provider;
    public IServiceProvider Provider => _provider ??= Services.BuildServiceProvider();

    public T Get<T>() where T : notnull => Provider.GetRequiredService<T>();

    public IUsageDashboardService Dashboards() => Provider.CreateScope().ServiceProvider.GetRequiredService<IUsageDashboardService>();

    public PortalDbContext Db() => Get<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    public async Task<int> AddConnectionAsync(string name, string scopes = "")
    {
        await using var db = Db();
        var c = new ZoomConnection
        {
            Name = name, Slug = name.ToLowerInvariant().Replace(' ', '-'), Kind = ConnectionKind.ServerToServer,
            AccountId = "acc-" + name, ClientId = "client", EncryptedClientSecret = "secret", GrantedScopes = scopes,
            CreatedAt = Clock.GetUtcNow(),
        };
        db.ZoomConnections.Add(c);
        await db.SaveChangesAsync();
        return c.Id;
    }

    public async Task AddSnapshotsAsync(params UsageSnapshot[] snapshots)
    {
        await using var db = Db();
        db.UsageSnapshots.AddRange(snapshots);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class PlainSecretProtector : ISecretProtector
{
    public string Protect(string plaintext) => plaintext;

    public string Unprotect(string ciphertext) => ciphertext;
}
