using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Security;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Sessions;

/// <summary>
/// The sandbox connection (account 1, S2S app) and staff members mapped Ready to their sandbox users, created
/// idempotently in a portal's database; and a SessionService acting as a given person.
/// </summary>
public static class SessionsSandboxSeed
{
    public const string Terry = "terry.teacher@writing.example.edu";
    public const string Tess = "tess.tutor@writing.example.edu";
    public const string Dana = "dana.director@writing.example.edu";
    public const string Bea = "bea.basic@writing.example.edu";
    public const string Dee = "dee.deactivated@writing.example.edu";
    public const string Nina = "nina.notinzoom@writing.example.edu";

    private static readonly SemaphoreSlim s_gate = new(1, 1);

    public sealed record Seeded(int ConnectionId, IReadOnlyDictionary<string, int> StaffIds, IReadOnlyDictionary<string, string?> ZoomUserIds);

    public static async Task<Seeded> EnsureAsync(PortalAppFactory factory)
    {
        _ = factory.BaseUrl;
        await s_gate.WaitAsync();
        try
        {
            var services = factory.Services;
            var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            await using var db = await dbFactory.CreateDbContextAsync();
            var connection = await db.ZoomConnections.FirstOrDefaultAsync(c => c.AccountId == "sandbox-account-1" && c.ClientId == "sandbox-s2s-client");
            if (connection is null)
            {
                connection = new ZoomConnection
                {
                    Name = "Sandbox account", Slug = "sandbox-account-1", Kind = ConnectionKind.ServerToServer,
                    AccountId = "sandbox-account-1", ClientId = "sandbox-s2s-client",
                    EncryptedClientSecret = services.GetRequiredService<ISecretProtector>().Protect("sandbox-s2s-secret"),
                    CreatedAt = factory.Clock.GetUtcNow(),
                };
                db.ZoomConnections.Add(connection);
                await db.SaveChangesAsync();
            }
            var target = await services.GetRequiredService<IZoomTargetResolver>().ResolveAsync(connection.Id);
            var zoom = services.GetRequiredService<IZoomUsers>();
            var staffIds = new Dictionary<string, int>();
            var zoomIds = new Dictionary<string, string?>();
            foreach (var (email, name) in new[] { (Terry, "Terry Teacher"), (Tess, "Tess Tutor"), (Dana, "Dana Director"), (Bea, "Bea Basic"), (Dee, "Dee Deactivated"), (Nina, "Nina Notinzoom") })
            {
                var user = await zoom.GetUserAsync(target, email);
                var staff = await db.StaffMembers.Include(s => s.Mapping).FirstOrDefaultAsync(s => s.NormalizedEmail == email);
                if (staff is null)
                {
                    staff = new StaffMember { Name = name, Email = email, NormalizedEmail = email, CreatedAt = factory.Clock.GetUtcNow(), UpdatedAt = factory.Clock.GetUtcNow() };
                    db.StaffMembers.Add(staff);
                }
                staff.ConnectionId = connection.Id;
                staff.Mapping ??= new StaffMapping();
                staff.Mapping.ConnectionId = connection.Id;
                staff.Mapping.ZoomUserId = user?.Id;
                staff.Mapping.ZoomEmail = user?.Email;
                staff.Mapping.ZoomUserType = user?.Type;
                staff.Mapping.Status = user switch
                {
                    null => MappingStatus.NotInZoom,
                    { Status: ZoomUserStatus.Inactive } => MappingStatus.Deactivated,
                    { Type: 1 } => MappingStatus.Basic,
                    _ => MappingStatus.Ready,
                };
                staff.Mapping.CheckedAt = factory.Clock.GetUtcNow();
                await db.SaveChangesAsync();
                staffIds[email] = staff.Id;
                zoomIds[email] = user?.Id;
            }
            return new Seeded(connection.Id, staffIds, zoomIds);
        }
        finally
        {
            s_gate.Release();
        }
    }

    /// <summary>The real SessionService of the running portal, acting as the given person (audits say so too).</summary>
    public static (ISessionService Service, IServiceScope Scope) ServiceAs(PortalAppFactory factory, string role, string email)
    {
        var scope = factory.Services.CreateScope();
        // The same object ids as the development sign-in, so the staff binder binds records as a signed-in person would.
        var objectId = email switch { Dana => "dev-director", Terry => "dev-teacher", Tess => "dev-teacher2", _ => "dev-admin" };
        var actor = new FakeCurrentActor(new Actor(email, objectId, email, new HashSet<string> { role }));
        var audit = ActivatorUtilities.CreateInstance<AuditLog>(scope.ServiceProvider, (ICurrentActor)actor);
        var service = SessionServiceAs.Create(scope.ServiceProvider, actor, audit);
        return (service, scope);
    }

    public static ScheduleSessionRequest Request(int staffId, string topic, DateTimeOffset start, int minutes = 60) => new()
    {
        StaffMemberId = staffId,
        ClientName = "Chris Client",
        ClientEmail = "chris.client@example.org",
        StartDate = start.UtcDateTime.Date,
        StartTime = start.UtcDateTime.TimeOfDay,
        TimeZone = "UTC",
        DurationMinutes = minutes,
        Topic = topic,
    };
}
