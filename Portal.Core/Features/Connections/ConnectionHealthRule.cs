using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Usage;
using Portal.Core.Jobs;

namespace Portal.Core.Features.Connections;

public enum HealthState
{
    Healthy = 0,
    Limited = 1,
    Failing = 2,
    Disabled = 3,
}

/// <summary>A connection's health in one word and a reason in plain words: the same on every page that shows it.</summary>
public sealed record ConnectionHealthReport(HealthState State, string Reason)
{
    public string Label => State switch
    {
        HealthState.Healthy => "Healthy",
        HealthState.Limited => "Limited",
        HealthState.Failing => "Failing",
        _ => "Disabled",
    };

    public bool NeedsAttention => State is HealthState.Limited or HealthState.Failing;
}

/// <summary>Everything the portal knows about a connection's health.</summary>
public sealed record ConnectionHealthFacts(
    ConnectionKind Kind,
    bool Disabled,
    string? DisabledReason,
    DateTimeOffset? LastVerifiedAt,
    string? LastError,
    string GrantedScopes,
    string? LinkedByEmail,
    string? LastSnapshotError)
{
    public static ConnectionHealthFacts Of(ZoomConnection c, string? lastSnapshotError) =>
        new(c.Kind, c.Disabled, c.DisabledReason, c.LastVerifiedAt, c.LastError, c.GrantedScopes, c.LinkedByEmail, lastSnapshotError);
}

/// <summary>The one rule for a connection's health (connections list, details page, dashboards, home page).</summary>
public static class ConnectionHealthRule
{
    public static ConnectionHealthReport Evaluate(ConnectionHealthFacts f)
    {
        if (f.Disabled)
        {
            return new(HealthState.Disabled, f.DisabledReason ?? "This connection is disabled.");
        }
        if (f.LastError is not null)
        {
            return new(HealthState.Failing, f.LastError);
        }
        var granted = f.GrantedScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var accountWide = AccountWideAccess.Covers(f.Kind, f.GrantedScopes);
        var checks = ScopeCheck.Evaluate(granted);
        if (accountWide)
        {
            if (f.LastSnapshotError is not null)
            {
                return new(HealthState.Failing, "The hourly usage snapshot failed: " + f.LastSnapshotError);
            }
            var missingRequired = checks.Where(c => c.Need.Required && !c.Met).ToList();
            if (granted.Count > 0 && missingRequired.Count > 0)
            {
                return new(HealthState.Failing, "Missing required Zoom scopes: "
                    + string.Join(", ", missingRequired.SelectMany(c => c.Missing(ScopeCheck.UsesGranularScopes(granted)))) + ".");
            }
        }
        if (f.LastVerifiedAt is null)
        {
            return new(HealthState.Limited, "Not verified with Zoom yet: open the connection and click Verify now.");
        }
        if (!accountWide)
        {
            return new(HealthState.Limited, $"Zoom's permissions cover only {f.LinkedByEmail ?? "the Zoom user who linked it"}, so these are off: "
                + string.Join("; ", AccountWideAccess.All.Select(a => AccountWideAccess.Name(a).ToLowerInvariant())) + ".");
        }
        var missingOptional = checks.Where(c => !c.Need.Required && !c.Met).ToList();
        if (missingOptional.Count > 0)
        {
            return new(HealthState.Limited, "Off until the Zoom app is given the missing scopes: "
                + string.Join("; ", missingOptional.Select(c => c.Need.Feature)) + ".");
        }
        return new(HealthState.Healthy, "Zoom accepts the credentials and every feature is on.");
    }

    /// <summary>The health of the connections given, with one more query (their latest usage snapshot runs).</summary>
    public static async Task<Dictionary<int, ConnectionHealthReport>> EvaluateAsync(PortalDbContext db, IReadOnlyCollection<ZoomConnection> connections,
        CancellationToken ct)
    {
        var errors = connections.Count == 0 ? [] : await LastSnapshotErrorsAsync(db, ct);
        return connections.ToDictionary(c => c.Id, c => Evaluate(ConnectionHealthFacts.Of(c, errors.GetValueOrDefault(c.Id))));
    }

    /// <summary>Per connection, the error of its latest usage snapshot run (not skipped) when that run failed.</summary>
    public static async Task<Dictionary<int, string>> LastSnapshotErrorsAsync(PortalDbContext db, CancellationToken ct)
    {
        var runs = db.JobRuns.Where(r => r.JobName == UsageSnapshotJob.JobName && r.ConnectionId != null && r.Outcome != JobOutcome.Skipped);
        var latest = await db.JobRuns.AsNoTracking()
            .Where(r => runs.GroupBy(x => x.ConnectionId).Select(g => g.Max(x => x.Id)).Contains(r.Id) && r.Outcome == JobOutcome.Failed)
            .Select(r => new { ConnectionId = r.ConnectionId!.Value, r.Error })
            .ToListAsync(ct);
        return latest.ToDictionary(r => r.ConnectionId, r => r.Error ?? NoReason);
    }

    /// <summary>The error of a connection's latest usage snapshot run (not skipped), when it failed.</summary>
    public static string? SnapshotError(JobRun? latestRun) => latestRun?.Outcome == JobOutcome.Failed ? latestRun.Error ?? NoReason : null;

    private const string NoReason = "no reason was recorded.";
}
