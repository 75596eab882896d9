using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>Turns a stored connection into the <see cref="ZoomTarget"/> that travels with each Zoom call.</summary>
public interface IZoomTargetResolver
{
    Task<ZoomTarget> ResolveAsync(int connectionId, CancellationToken ct = default);
}

public sealed class ZoomTargetResolver(IDbContextFactory<PortalDbContext> dbFactory, ISecretProtector protector) : IZoomTargetResolver
{
    public async Task<ZoomTarget> ResolveAsync(int connectionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await db.ZoomConnections.AsNoTracking().FirstOrDefaultAsync(x => x.Id == connectionId, ct)
            ?? throw new InvalidOperationException($"Zoom connection {connectionId} does not exist.");
        if (c.Disabled)
        {
            throw new InvalidOperationException($"The Zoom connection '{c.Name}' is disabled{(c.DisabledReason is null ? "." : $": {c.DisabledReason}")}");
        }
        return c.Kind switch
        {
            ConnectionKind.ServerToServer => ServerToServerTarget.ForConnection(c.Id, c.AccountId!, c.ClientId!,
                protector.Unprotect(c.EncryptedClientSecret ?? throw new InvalidOperationException($"The Zoom connection '{c.Name}' has no client secret."))),
            _ => new LinkedAccountTarget(c.Id) { AccountWide = ZoomScopes.AreAccountWide(c.GrantedScopes) },
        };
    }
}
