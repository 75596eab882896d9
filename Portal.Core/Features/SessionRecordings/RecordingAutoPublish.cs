using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Identity;

namespace Portal.Core.Features.SessionRecordings;

/// <summary>The per-connection choice to publish a session's recording on the client's page as soon as it completes.</summary>
public interface IRecordingAutoPublish
{
    Task<bool> GetAsync(int connectionId, CancellationToken ct = default);

    /// <summary>Administrators and directors; audited.</summary>
    Task SetAsync(int connectionId, bool on, CancellationToken ct = default);
}

public sealed class RecordingAutoPublish(IDbContextFactory<PortalDbContext> dbFactory, ICurrentActor actor, IAuditLog audit) : IRecordingAutoPublish
{
    public async Task<bool> GetAsync(int connectionId, CancellationToken ct = default)
    {
        await actor.RequireStaffAsync("Only staff can see this setting.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ZoomConnections.Where(c => c.Id == connectionId).Select(c => c.AutoPublishRecordings).FirstOrDefaultAsync(ct);
    }

    public async Task SetAsync(int connectionId, bool on, CancellationToken ct = default)
    {
        await actor.RequireDirectorAsync("Only directors and administrators can change automatic publishing.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.ZoomConnections.FirstAsync(c => c.Id == connectionId, ct);
        if (connection.AutoPublishRecordings == on)
        {
            return;
        }
        var before = new { connection.AutoPublishRecordings };
        connection.AutoPublishRecordings = on;
        await audit.AddAsync(db, SessionRecordingAuditActions.AutoPublishChanged, AuditTarget.Connection(connection.Id, connection.Name), before,
            new { connection.AutoPublishRecordings }, connection.Id);
        await db.SaveChangesAsync(ct);
    }
}
