using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Home;
using Portal.Core.Identity;

namespace Portal.Core.Features.Sessions;

/// <summary>Host problems of upcoming sessions, for directors' home page.</summary>
public sealed class SessionHostAlertSource(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IHomeAlertSource
{
    public async Task<IReadOnlyList<HomeAlert>> GetAlertsAsync(Actor actor, CancellationToken ct)
    {
        if (!actor.IsAdminOrDirector)
        {
            return [];
        }
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var problems = await db.Sessions.AsNoTracking()
            .Where(s => s.HostWarning != null && s.EndsAt > now && (s.State == SessionState.Scheduled || s.State == SessionState.DeletedInZoom))
            .OrderBy(s => s.StartsAt).Take(10)
            .Select(s => new { s.Id, s.Topic, s.StartsAt, s.TimeZone, s.HostWarning, Staff = s.StaffMember!.Name })
            .ToListAsync(ct);
        return problems.Select(p => new HomeAlert(AlertSeverity.Warning,
            $"Session \"{p.Topic}\" ({p.Staff}, {SessionTime.Format(p.StartsAt, p.TimeZone)}):", p.HostWarning!,
            $"/sessions/{p.Id}", "Open session")).ToList();
    }
}
