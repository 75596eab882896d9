using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Core.Features.Connections;

public sealed record ConnectionSummary(int Id, string Name, string Slug, ConnectionKind Kind, bool Disabled,
    bool ManagedByConfiguration, DateTimeOffset? LastVerifiedAt, string? LastError)
{
    /// <summary>Zoom refused its last call (the home page's "need attention"); not yet verified is not a failure.</summary>
    public bool Failing => !Disabled && LastError is not null;

    /// <summary>The name with what a switcher should flag: a failing or disabled connection.</summary>
    public string LabelWithState => Failing ? $"{Name} ⚠ failing" : Disabled ? $"{Name} (disabled)" : Name;
}

/// <summary>Read-only list of connections for navigation, switchers and pickers.</summary>
public interface IConnectionDirectory
{
    Task<IReadOnlyList<ConnectionSummary>> ListAsync(CancellationToken ct = default);
}

public sealed class ConnectionDirectory(IDbContextFactory<PortalDbContext> dbFactory, ICurrentActor currentActor) : IConnectionDirectory
{
    public async Task<IReadOnlyList<ConnectionSummary>> ListAsync(CancellationToken ct = default)
    {
        await currentActor.RequireStaffAsync("Sign in with a portal role to see the Zoom connections.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ZoomConnections.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new ConnectionSummary(c.Id, c.Name, c.Slug, c.Kind, c.Disabled, c.ManagedByConfiguration, c.LastVerifiedAt, c.LastError))
            .ToListAsync(ct);
    }
}
