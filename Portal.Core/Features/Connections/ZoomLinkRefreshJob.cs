using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Jobs;
using Portal.Core.Text;

namespace Portal.Core.Features.Connections;

/// <summary>
/// Keeps linked accounts alive: Zoom's refresh tokens lapse (about 90 days) when unused, so every link whose refresh
/// token is older than <c>Jobs:ZoomLinkRefresh:RefreshOlderThan</c> (default 7 days) is refreshed (and rotated).
/// </summary>
public sealed class ZoomLinkRefreshJob(
    IDbContextFactory<PortalDbContext> dbFactory,
    IServiceProvider services,
    IOptions<ZoomLinkRefreshOptions> options,
    TimeProvider clock) : IPortalJob
{
    public const string JobName = "ZoomLinkRefresh";

    public string Name => JobName;

    public string DefaultSchedule => "daily 03:30";

    public bool PerConnection => false;

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var olderThan = options.Value.RefreshOlderThan;
        var due = clock.GetUtcNow() - olderThan;
        List<int> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            ids = await db.ZoomConnections
                .Where(c => c.Kind == ConnectionKind.OAuthLink && !c.Disabled && c.EncryptedRefreshToken != null
                    && (context.ConnectionId == null || c.Id == context.ConnectionId)
                    && (c.RefreshTokenObtainedAt == null || c.RefreshTokenObtainedAt <= due))
                .Select(c => c.Id).ToListAsync(ct);
        }
        // The runner also builds jobs from the root provider to read their names, so scoped services are resolved only here.
        var links = services.GetRequiredService<IZoomLinkService>();
        int refreshed = 0, failed = 0;
        foreach (var id in ids)
        {
            context.Progress.Report(new JobProgress($"Refreshing linked account {refreshed + failed + 1} of {ids.Count}", (double)(refreshed + failed) / ids.Count));
            var result = await links.RefreshAsync(id, ct);
            if (result.Succeeded)
            {
                refreshed++;
            }
            else
            {
                failed++;
            }
        }
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {ids.Count} linked accounts could not be refreshed; see the connections page.");
        }
        return ids.Count == 0 ? "No linked account needed a refresh." : $"Refreshed {Plural.Of(refreshed, "linked account")}.";
    }
}
