using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Alerts;
using Portal.Core.Jobs;
using Portal.Core.Text;

namespace Portal.Core.Features.Sessions;

/// <summary>Shortly before sessions start, checks that each host is still an active, licensed Zoom user.</summary>
public sealed class SessionHostCheckJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    SessionHostCheck hostCheck,
    HostAlerts alerts,
    IOptions<SessionsOptions> options,
    TimeProvider clock) : IPortalJob
{
    public const string JobName = "SessionHostCheck";

    public string Name => JobName;
    public string DefaultSchedule => "00:10:00";
    public bool PerConnection => false;

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + options.Value.HostCheckWindow;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = await db.Sessions.Include(s => s.StaffMember)
            .Where(s => s.State == SessionState.Scheduled && s.StartsAt <= until && s.EndsAt > now)
            .OrderBy(s => s.StartsAt).ToListAsync(ct);
        var results = new List<HostAlerts.Checked>();
        for (var i = 0; i < due.Count; i++)
        {
            context.Progress.Report(new JobProgress($"Checking the host of session {due[i].Id}", (double)i / due.Count));
            results.Add(new HostAlerts.Checked(due[i], await hostCheck.RunAsync(db, due[i], ct)));
        }
        // Each check saved its session; the run's problems go out as one message.
        await alerts.ReportAsync(db, results, ct);
        await db.SaveChangesAsync(ct);
        var warnings = results.Count(r => r.Warning is not null);
        return $"{Plural.Of(due.Count, "upcoming session")} checked, {warnings} with a host problem.";
    }
}
