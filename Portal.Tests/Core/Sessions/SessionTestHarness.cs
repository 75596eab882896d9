using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.SessionMessages;
using Portal.Core.Features.Outcomes;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Security;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Sessions;

/// <summary>SessionService (and its use cases) over a test database (<see cref="TestDatabase"/>), a fake Zoom, a fake clock and a settable actor.</summary>
public sealed class SessionTestHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);


    public SessionTestHarness(DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? Now);
        DbFactory = new TestDbFactory(Database.Options);
        using (var db = DbFactory.CreateDbContext())
        {
            db.ZoomConnections.Add(new ZoomConnection { Id = 1, Name = "Test", Slug = "test", Kind = ConnectionKind.ServerToServer, AccountId = "acc", ClientId = "c", EncryptedClientSecret = "x" });
            db.SaveChanges();
        }
        Actor = new FakeCurrentActor(Portal.Core.Identity.Actor.System);
        Audit = new AuditLog(DbFactory, Actor, Clock);
        var options = Options.Create(SessionsOptions);
        var steps = new SessionSteps(Actor, new StaffIdentityBinder(DbFactory, Audit, Clock), Audit, Clock);
        var sessionZoom = new SessionZoom(Zoom, options, Clock, NullLogger<SessionZoom>.Instance);
        var hosts = new SessionHostRules(DbFactory, Zoom, new FixedTargets(), sessionZoom, options, Clock);
        Outbox = TestNotifications.Outbox(Clock);
        HostAlerts = new HostAlerts(Outbox, TestNotifications.Links());
        NoShowAlerts = new NoShowAlerts(Outbox, TestNotifications.Links());
        HostCheck = new SessionHostCheck(DbFactory, Zoom, Zoom, hosts, Audit, options, Clock, NullLogger<SessionHostCheck>.Instance);
        Secrets = new JoinLinkSecrets(new SecretProtector(new EphemeralDataProtectionProvider()));
        var links = new FixedLinks();
        OptOuts = new ClientReminderOptOuts(new EphemeralDataProtectionProvider(), links, DbFactory, Clock);
        Mailer = new SessionMailer(new NotificationOutbox(Options.Create(Email), links, Clock), links, Secrets, OptOuts, options, Clock);
        OutcomeUpdater = new SessionOutcomeUpdater(Clock);
        Outcomes = new SessionOutcomes(DbFactory, OutcomeUpdater, steps, Actor, Audit, Signals, Clock);
        Recordings = new SessionRecordingService(DbFactory, steps, new NoRecordingRefresh(), Audit, Mailer, Options.Create(new RecordingPublishOptions()), Clock);
        Service = new SessionService(
            new SessionQueries(DbFactory, steps, options, Clock),
            new ScheduleSession(DbFactory, steps, hosts, sessionZoom, Secrets, Audit, Mailer, new ScheduleSessionRequestValidator(), options, Clock),
            new RescheduleSession(DbFactory, Zoom, steps, hosts, sessionZoom, Audit, Mailer, new RescheduleSessionRequestValidator(), options, Clock),
            new CancelSession(DbFactory, Zoom, steps, hosts, sessionZoom, Audit, Mailer, Clock),
            new ChangeSessionHost(DbFactory, Zoom, steps, hosts, sessionZoom, Audit, Mailer, Clock),
            new SessionLinks(DbFactory, Zoom, steps, hosts, sessionZoom, Secrets, Audit, Mailer, options, Clock),
            new ClientPage(DbFactory, steps, Audit, Outcomes, options, Clock),
            HostCheck,
            new AssignZoomLicence(DbFactory, Zoom, steps, hosts, sessionZoom, Audit, Clock));
    }

    public OutcomeSignals Signals { get; } = new();

    public const string PortalUrl = "https://portal.example.edu";

    /// <summary>What teachers and clients are told, queued on the harness's outbox (read back with <see cref="QueuedMessages"/>).</summary>
    public SessionMailer Mailer { get; }
    public ClientReminderOptOuts OptOuts { get; }
    public EmailOptions Email { get; } = new() { InstitutionName = "Writing Center", PortalUrl = PortalUrl };

    /// <summary>The queued messages, oldest first.</summary>
    public IReadOnlyList<OutboxMessage> QueuedMessages()
    {
        using var db = DbFactory.CreateDbContext();
        return db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToList();
    }

    private sealed class FixedLinks : IPortalLinks
    {
        public string To(string path) => PortalUrl + "/" + path.TrimStart('/');
    }

    /// <summary>The session recordings panel's service, over the harness's database; Zoom's listing is not asked.</summary>
    public ISessionRecordingService Recordings { get; }

    private sealed class NoRecordingRefresh : ISessionRecordingRefresh
    {
        public Task<(Portal.Core.Zoom.ZoomRefusal? Zoom, string? Note)> RefreshAsync(long sessionId, CancellationToken ct) =>
            Task.FromResult<(Portal.Core.Zoom.ZoomRefusal?, string?)>((null, null));
    }
    public SessionOutcomeUpdater OutcomeUpdater { get; }
    public SessionOutcomes Outcomes { get; }

    public TestDatabase Database { get; } = new();
    public TestDbFactory DbFactory { get; }
    public FakeSessionZoomClient Zoom { get; } = new();
    public FakeTimeProvider Clock { get; }
    public FakeCurrentActor Actor { get; }
    public AuditLog Audit { get; }
    public SessionsOptions SessionsOptions { get; } = new();
    public SessionService Service { get; }
    public SessionHostCheck HostCheck { get; }
    public INotificationOutbox Outbox { get; }
    public HostAlerts HostAlerts { get; }
    public NoShowAlerts NoShowAlerts { get; }
    public JoinLinkSecrets Secrets { get; }

    public int AddStaff(string name, string email, string? zoomUserId, MappingStatus status = MappingStatus.Ready, DateTimeOffset? checkedAt = null)
    {
        using var db = DbFactory.CreateDbContext();
        var now = Clock.GetUtcNow();
        var staff = new StaffMember { Name = name, Email = email, NormalizedEmail = email.ToLowerInvariant(), ConnectionId = 1, CreatedAt = now, UpdatedAt = now };
        staff.Mapping = new StaffMapping { Status = status, ZoomUserId = zoomUserId, ConnectionId = 1, CheckedAt = checkedAt ?? now };
        db.StaffMembers.Add(staff);
        db.SaveChanges();
        return staff.Id;
    }

    public static ScheduleSessionRequest Request(int staffId, string topic = "Essay review", int hoursFromNow = 24, int minutes = 60) => new()
    {
        StaffMemberId = staffId,
        ClientName = "Chris Client",
        ClientEmail = "chris@example.org",
        StartDate = Now.AddHours(hoursFromNow).UtcDateTime.Date,
        StartTime = Now.AddHours(hoursFromNow).UtcDateTime.TimeOfDay,
        TimeZone = "UTC",
        DurationMinutes = minutes,
        Topic = topic,
    };

    public Session Load(long id)
    {
        using var db = DbFactory.CreateDbContext();
        return db.Sessions.AsNoTracking().Single(s => s.Id == id);
    }

    public IReadOnlyList<string> AuditActions()
    {
        using var db = DbFactory.CreateDbContext();
        return db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Action).ToList();
    }

    public async ValueTask DisposeAsync() => await Database.DisposeAsync();

    public sealed class TestDbFactory(DbContextOptions<PortalDbContext> options) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new(options);
    }


    private sealed class FixedTargets : IZoomTargetResolver
    {
        public Task<ZoomTarget> ResolveAsync(int connectionId, CancellationToken ct = default) =>
            Task.FromResult<ZoomTarget>(ServerToServerTarget.ForConnection(connectionId, "acc", "c", "s"));
    }
}
