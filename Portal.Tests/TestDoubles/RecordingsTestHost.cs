using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Features.Usage;
using Portal.Core.Identity;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Tests.TestDoubles;

/// <summary>Recordings services over a test database (<see cref="TestDatabase"/>), a fake Zoom client, a switchable actor and a settable clock.</summary>
public sealed class RecordingsTestHost : IAsyncDisposable
{
    public const int ConnectionId = 1;
    public const string TerryZoomId = "terry-zoom-id";
    public const string TessZoomId = "tess-zoom-id";

    // Each DbContext gets its own connection (month windows query concurrently).
    private readonly TestDatabase _database = new();

    public TestDatabase Database => _database;

    public RecordingsTestHost(DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddDbContextFactory<PortalDbContext>(_database.Configure);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ICurrentActor>(Actor);
        services.AddSingleton<IZoomRecordings>(Zoom);
        services.AddSingleton<IZoomTargetResolver>(new FixedTargetResolver());
        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<IStaffIdentityBinder, StaffIdentityBinder>();
        services.AddSingleton<IUsageEstimates, UsageEstimates>();
        // As in the portal's host: the options bind from the registered configuration.
        var configuration = new ConfigurationBuilder().Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddRecordingsFeature();
        services.AddSessionRecordingsFeature();
        // Ties and publishing tell the host and the client (queued on the outbox).
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<ISecretProtector, SecretProtector>();
        services.AddSessionsFeature();
        services.AddNotificationsFeature();
        services.AddSessionMessagesFeature();
        Services = services.BuildServiceProvider();
        using var db = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
        db.ZoomConnections.Add(new ZoomConnection { Id = ConnectionId, Name = "Test", Slug = "test", AccountId = "a", ClientId = "c" });
        Terry = AddStaff(db, "Terry Teacher", "terry.teacher@writing.example.edu", MappingStatus.Ready, TerryZoomId);
        Tess = AddStaff(db, "Tess Tutor", "tess.tutor@writing.example.edu", MappingStatus.Ready, TessZoomId);
        Basic = AddStaff(db, "Bea Basic", "bea.basic@writing.example.edu", MappingStatus.Basic, "bea-zoom-id");
        db.SaveChanges();
    }

    public ServiceProvider Services { get; }
    public FakeRecordingsZoomClient Zoom { get; } = new();
    public FakeCurrentActor Actor { get; } = new(Portal.Core.Identity.Actor.System);
    public FakeTimeProvider Clock { get; }
    public StaffMember Terry { get; }
    public StaffMember Tess { get; }
    public StaffMember Basic { get; }

    public T Get<T>() where T : notnull => Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public void SignInAs(string who) => Actor.Actor = who switch
    {
        "teacher" => new Actor("Terry Teacher", "dev-teacher", "terry.teacher@writing.example.edu", new HashSet<string> { Roles.Teacher }),
        "teacher2" => new Actor("Tess Tutor", "dev-teacher2", "tess.tutor@writing.example.edu", new HashSet<string> { Roles.Teacher }),
        "basic" => new Actor("Bea Basic", "dev-bea", "bea.basic@writing.example.edu", new HashSet<string> { Roles.Teacher }),
        "stranger" => new Actor("Nina", "dev-nina", "nina.notinzoom@writing.example.edu", new HashSet<string> { Roles.Teacher }),
        "director" => new Actor("Dana Director", "dev-director", "dana.director@writing.example.edu", new HashSet<string> { Roles.Director }),
        "anonymous" => Portal.Core.Identity.Actor.Anonymous,
        _ => Portal.Core.Identity.Actor.System,
    };

    /// <summary>The freed-storage estimates the deletions saved, in the order written.</summary>
    public async Task<List<(int ConnectionId, long Bytes)>> FreedAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return (await db.StorageFreedEstimates.OrderBy(e => e.Id).ToListAsync()).Select(e => (e.ConnectionId, e.Bytes)).ToList();
    }

    public long AddSession(StaffMember staff, long meetingId, string clientName, DateTimeOffset? startsAt = null)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
        var session = new Session
        {
            StaffMemberId = staff.Id, ConnectionId = ConnectionId, ClientName = clientName, ClientEmail = "client@example.org",
            StartsAt = startsAt ?? Clock.GetUtcNow(), TimeZone = "UTC", DurationMinutes = 45, Topic = "Session", ZoomMeetingId = meetingId,
            JoinTokenHash = Guid.NewGuid().ToString("N"), JoinTokenExpiresAt = Clock.GetUtcNow().AddDays(1),
        };
        db.Sessions.Add(session);
        db.SaveChanges();
        return session.Id;
    }

    private static StaffMember AddStaff(PortalDbContext db, string name, string email, MappingStatus status, string zoomId)
    {
        var staff = new StaffMember { Name = name, Email = email, NormalizedEmail = email, ConnectionId = ConnectionId };
        staff.Mapping = new StaffMapping { Status = status, ZoomUserId = zoomId, ZoomEmail = email, ConnectionId = ConnectionId };
        db.StaffMembers.Add(staff);
        return staff;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _database.DisposeAsync();
    }

    private sealed class FixedTargetResolver : IZoomTargetResolver
    {
        public Task<ZoomTarget> ResolveAsync(int connectionId, CancellationToken ct = default) =>
            Task.FromResult<ZoomTarget>(ServerToServerTarget.ForConnection(connectionId, "a", "c", "s"));
    }
}
