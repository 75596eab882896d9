using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Auth;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Core.Security;
using Portal.ZoomSandbox;

namespace Portal.Tests.TestDoubles;

/// <summary>The sandbox S2S connection and Terry/Tess mapped Ready to their sandbox users, created once per portal.</summary>
public static class RecordingsSandboxSeed
{
    public const string AccountId = "sandbox-account-1";
    public const string TerryEmail = "terry.teacher@writing.example.edu";
    public const string TessEmail = "tess.tutor@writing.example.edu";

    public sealed record Seeded(int ConnectionId, int TerryId, int TessId, string TerryZoomId, string TessZoomId);

    private static readonly SemaphoreSlim s_gate = new(1, 1);

    public static async Task<Seeded> EnsureAsync(PortalAppFactory factory)
    {
        _ = factory.BaseUrl;
        await s_gate.WaitAsync();
        try
        {
            var control = factory.Services.GetRequiredService<ZoomSandboxControl>();
            var terryZoom = control.FindUser(AccountId, TerryEmail)!.Value.Id!;
            var tessZoom = control.FindUser(AccountId, TessEmail)!.Value.Id!;
            await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var connection = await db.ZoomConnections.FirstOrDefaultAsync(c => c.AccountId == AccountId);
            if (connection is null)
            {
                connection = new ZoomConnection
                {
                    Name = "Sandbox account", Slug = "sandbox-recordings", Kind = ConnectionKind.ServerToServer, AccountId = AccountId,
                    ClientId = "sandbox-s2s-client",
                    EncryptedClientSecret = factory.Services.GetRequiredService<ISecretProtector>().Protect("sandbox-s2s-secret"),
                    CreatedAt = factory.Clock.GetUtcNow(),
                };
                db.ZoomConnections.Add(connection);
                await db.SaveChangesAsync();
            }
            var terry = await EnsureStaffAsync(db, connection.Id, "Terry Teacher", TerryEmail, terryZoom, factory.Clock.GetUtcNow());
            var tess = await EnsureStaffAsync(db, connection.Id, "Tess Tutor", TessEmail, tessZoom, factory.Clock.GetUtcNow());
            return new Seeded(connection.Id, terry, tess, terryZoom, tessZoom);
        }
        finally
        {
            s_gate.Release();
        }
    }

    private static async Task<int> EnsureStaffAsync(PortalDbContext db, int connectionId, string name, string email, string zoomId, DateTimeOffset now)
    {
        var staff = await db.StaffMembers.FirstOrDefaultAsync(s => s.NormalizedEmail == email);
        if (staff is null)
        {
            staff = new StaffMember { Name = name, Email = email, NormalizedEmail = email, ConnectionId = connectionId, CreatedAt = now, UpdatedAt = now };
            staff.Mapping = new StaffMapping { Status = MappingStatus.Ready, ZoomUserId = zoomId, ZoomEmail = email, ConnectionId = connectionId, ZoomUserType = 2, CheckedAt = now };
            db.StaffMembers.Add(staff);
            await db.SaveChangesAsync();
        }
        return staff.Id;
    }

    /// <summary>A service scope acting as a development user ("teacher", "teacher2", "director", "admin"), as a request would.</summary>
    public static AsyncServiceScope ScopeAs(PortalAppFactory factory, string user)
    {
        var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext
        {
            User = DevelopmentUsers.Principal(DevelopmentUsers.All.Single(u => u.Key == user), "Test"),
            RequestServices = scope.ServiceProvider,
        };
        return scope;
    }
}
