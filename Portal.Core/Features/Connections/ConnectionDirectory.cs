using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Connections;

public sealed record ConnectionSummary(int Id, string Name, string Slug, ConnectionKind Kind, bool Disabled,
    bool ManagedByConfiguration, DateTimeOffset? LastVerifiedAt, string? LastError)
{
    public bool Healthy => !Disabled && LastError is null && LastVerifiedAt is not null;
}

/// <summary>Read-only list of connections for navigation, switchers and pickers.</summary>
public interface IConnectionDirectory
{
    Task<IReadOnlyList<ConnectionSummary>> ListAsync(CancellationToken ct = default);
}

public sealed class ConnectionDirectory(IDbContextFactory<PortalDbContext> dbFactory) : IConnectionDirectory
{
    public async Task<IReadOnlyList<ConnectionSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ZoomConnections.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new ConnectionSummary(c.Id, c.Name, c.Slug, c.Kind, c.Disabled, c.ManagedByConfiguration, c.LastVerifiedAt, c.LastError))
            .ToListAsync(ct);
    }
}
