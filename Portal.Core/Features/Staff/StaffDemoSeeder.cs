using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Staff;

/// <summary>
/// In the sandbox run, seeds a demo roster once the portal listens and the demo connection exists (the connections feature
/// provisions it at start-up): most sandbox users plus deliberate problems, so the audit shows every status. Idempotent.
/// </summary>
public sealed class StaffDemoSeeder(
    IDbContextFactory<PortalDbContext> dbFactory,
    IServiceScopeFactory scopes,
    IJobRunner jobs,
    IOptions<ZoomOptions> zoomOptions,
    IOptions<StaffOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<StaffDemoSeeder> logger) : BackgroundService
{
    public const string Domain = "writing.example.edu";
    public const string DemoAccountId = "sandbox-account-1";

    /// <summary>The deliberate cases: (name, e-mail, aliases, role).</summary>
    public static readonly IReadOnlyList<(string Name, string Email, string Aliases, string Role)> Deliberate =
    [
        ("Terry Teacher", $"terry.teacher@{Domain}", "", "Teacher"),
        ("Tess Tutor", $"tess.tutor@{Domain}", "", "Tutor"),
        ("Dana Director", $"dana.director@{Domain}", "", "Director"),
        ("Casey Case", $"casey.case@{Domain}", "", "Consultant"),
        ("Nina Notinzoom", $"nina.notinzoom@{Domain}", "", "Tutor"),
        ("Pat Pending", $"pat.pending@{Domain}", "", "Tutor"),
        ("Bea Basic", $"bea.basic@{Domain}", "", "Consultant"),
        ("Dee Deactivated", $"dee.deactivated@{Domain}", "", "Tutor"),
        ("Olga Other", $"olga.other@{Domain}", "", "Consultant"),
        ("Lee Longago", $"lee.longago@{Domain}", "", "Tutor"),
        ("Sam Shared", $"sam.shared@{Domain}", "", "Tutor"),
        ("Samuel Shared-Lee", $"samuel.sharedlee@{Domain}", $"sam.shared@{Domain}", "Tutor"),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!zoomOptions.Value.Sandbox.Enabled || !options.Value.SeedDemoRoster)
        {
            return;
        }
        // The sandbox is served by this portal's own server: call it only once the server listens.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        try
        {
            for (var attempt = 0; attempt < 60 && !stoppingToken.IsCancellationRequested; attempt++)
            {
                if (await TrySeedAsync(stoppingToken))
                {
                    return;
                }
                await Task.Delay(TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Seeding the demo staff roster failed");
        }
    }

    /// <summary>True when done (seeded now or before); false while the demo connection does not exist yet.</summary>
    public async Task<bool> TrySeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = await db.ZoomConnections.AsNoTracking()
            .Where(c => c.ManagedByConfiguration && c.AccountId == DemoAccountId && !c.Disabled)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).FirstOrDefaultAsync(ct);
        if (connection is null)
        {
            return false;
        }
        if (await db.StaffMembers.AnyAsync(ct))
        {
            return true;
        }

        var people = Deliberate.ToList();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var zoom = scope.ServiceProvider.GetRequiredService<IZoomUsers>();
            var target = await scope.ServiceProvider.GetRequiredService<IZoomTargetResolver>().ResolveAsync(connection.Id, ct);
            var index = 0;
            await foreach (var page in zoom.ListUsersAsync(target, ZoomUserStatus.Active, ct))
            {
                foreach (var u in page.Users)
                {
                    var email = StaffMatcher.Normalize(u.Email);
                    // Most users, not all: the rest show up as "Zoom users not on the roster".
                    if (people.Any(p => StaffMatcher.Normalize(p.Email) == email || StaffMatcher.Normalize(p.Aliases) == email)
                        || email.StartsWith("ada.admin@", StringComparison.Ordinal) || index++ % 5 == 4)
                    {
                        continue;
                    }
                    people.Add((u.Name.Length > 0 ? u.Name : email, email, "", (index % 3) switch { 0 => "Tutor", 1 => "Consultant", _ => "Teacher" }));
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not list the sandbox users; seeding only the deliberate demo cases");
        }

        var now = clock.GetUtcNow();
        // Written directly: the alias conflict is deliberate and the roster form would refuse it.
        db.StaffMembers.AddRange(people.Select(p => new StaffMember
        {
            Name = p.Name, Email = p.Email, NormalizedEmail = StaffMatcher.Normalize(p.Email), Aliases = p.Aliases, StaffRole = p.Role,
            Active = true, ConnectionId = connection.Id, CreatedAt = now, UpdatedAt = now,
        }));
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAuditLog>()
                .AddAsync(db, StaffAuditActions.DemoSeeded, AuditTarget.Roster(connection.Id, connection.Name), null, new { Members = people.Count }, connection.Id, Actor.System);
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded a demo roster of {Count} staff members on {Connection}", people.Count, connection.Name);
        await jobs.StartAsync(StaffSyncJob.JobName, connection.Id, "demo seed", ct);
        return true;
    }
}
