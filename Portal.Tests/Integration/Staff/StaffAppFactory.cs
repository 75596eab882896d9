using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Staff;
using Portal.Core.Security;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Staff;

/// <summary>The portal with the sandbox, no demo roster (tests write their own) and a sandbox S2S connection row.</summary>
public sealed class StaffAppFactory() : PortalAppFactory(new Dictionary<string, string?> { ["Staff:SeedDemoRoster"] = "false" })
{
    public const string Domain = "writing.example.edu";

    public async Task<int> EnsureConnectionAsync(string accountId = "sandbox-account-1", string clientId = "sandbox-s2s-client",
        string secret = "sandbox-s2s-secret", string name = "Demo writing center (sandbox)")
    {
        _ = BaseUrl;
        var dbFactory = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var existing = await db.ZoomConnections.FirstOrDefaultAsync(c => c.AccountId == accountId && c.ClientId == clientId);
        if (existing is not null)
        {
            return existing.Id;
        }
        var connection = new ZoomConnection
        {
            Name = name, Slug = $"{accountId}-{clientId}", Kind = ConnectionKind.ServerToServer, AccountId = accountId, ClientId = clientId,
            EncryptedClientSecret = Services.GetRequiredService<ISecretProtector>().Protect(secret), CreatedAt = Clock.GetUtcNow(),
        };
        db.ZoomConnections.Add(connection);
        await db.SaveChangesAsync();
        return connection.Id;
    }

    public async Task<int> AddMemberAsync(string name, string email, int? connectionId, string aliases = "")
    {
        var dbFactory = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var normalized = StaffMatcher.Normalize(email);
        var existing = await db.StaffMembers.FirstOrDefaultAsync(s => s.NormalizedEmail == normalized);
        if (existing is not null)
        {
            return existing.Id;
        }
        var m = new StaffMember
        {
            Name = name, Email = email, NormalizedEmail = normalized, Aliases = aliases, ConnectionId = connectionId,
            CreatedAt = Clock.GetUtcNow(), UpdatedAt = Clock.GetUtcNow(),
        };
        db.StaffMembers.Add(m);
        await db.SaveChangesAsync();
        return m.Id;
    }

    public async Task<Dictionary<string, StaffMapping>> MappingsByEmailAsync()
    {
        var dbFactory = Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.StaffMappings.Include(m => m.StaffMember).ToDictionaryAsync(m => m.StaffMember!.NormalizedEmail);
    }
}
