using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>Portal features that act on the whole Zoom account, not only on the person who linked it.</summary>
public enum AccountWideFeature
{
    StaffSync = 0,
    UsageDashboards = 1,
    MeetingsForOthers = 2,
    RecordingsForOthers = 3,
}

/// <summary>
/// A linked connection whose scopes are user-level (no ":admin") covers only the Zoom user who approved it, so features
/// needing the whole account are switched off for it; this says which and why, in the same words everywhere.
/// </summary>
public static class AccountWideAccess
{
    private sealed record Info(string Name, string Why);

    private static readonly Dictionary<AccountWideFeature, Info> s_features = new()
    {
        [AccountWideFeature.StaffSync] = new("Staff sync and mapping", "it reads every user of the Zoom account"),
        [AccountWideFeature.UsageDashboards] = new("Licence and storage dashboards", "they read the account's plan usage and all its users"),
        [AccountWideFeature.MeetingsForOthers] = new("Sessions for other teachers", "creating and starting a meeting for another user needs the account-wide meeting permission"),
        [AccountWideFeature.RecordingsForOthers] = new("Recordings of other teachers and the account-wide clean-up", "listing and deleting another user's recordings needs the account-wide recording permission"),
    };

    public static IReadOnlyList<AccountWideFeature> All { get; } = Enum.GetValues<AccountWideFeature>();

    public static string Name(AccountWideFeature feature) => s_features[feature].Name;

    public static string Why(AccountWideFeature feature) => s_features[feature].Why;

    /// <summary>Server-to-Server apps are always account-level; a link is when Zoom granted at least one ":admin" scope.</summary>
    public static bool Covers(ConnectionKind kind, string? grantedScopes) =>
        kind == ConnectionKind.ServerToServer || ZoomScopes.AreAccountWide(grantedScopes ?? "");

    /// <summary>Null when the feature may run on the connection; otherwise why not and what to do, in plain words.</summary>
    public static string? Reason(AccountWideFeature feature, ConnectionKind kind, string? grantedScopes, string? linkedByEmail) =>
        Covers(kind, grantedScopes) ? null
            : $"This connection cannot offer {Name(feature).ToLowerInvariant()}: {Why(feature)}, but Zoom granted the portal user-level permissions "
              + $"that cover only {linkedByEmail ?? "the Zoom user who linked it"}. To switch it on, a Zoom account administrator links the account "
              + "again and approves the account-wide (admin) permissions, or connects it with a Server-to-Server app.";

    public static string? Reason(AccountWideFeature feature, ZoomConnection connection) =>
        Reason(feature, connection.Kind, connection.GrantedScopes, connection.LinkedByEmail);

    /// <summary>Looks the connection up; null also when it does not exist (callers report that themselves).</summary>
    public static async Task<string?> ReasonAsync(PortalDbContext db, int connectionId, AccountWideFeature feature, CancellationToken ct)
    {
        var c = await db.ZoomConnections.AsNoTracking().Where(x => x.Id == connectionId)
            .Select(x => new { x.Kind, x.GrantedScopes, x.LinkedByEmail }).FirstOrDefaultAsync(ct);
        return c is null ? null : Reason(feature, c.Kind, c.GrantedScopes, c.LinkedByEmail);
    }
}

/// <summary>A feature that needs the whole Zoom account was asked to run on a connection that covers one user only.</summary>
public sealed class AccountWideAccessRequiredException(AccountWideFeature feature, string message) : InvalidOperationException(message)
{
    public AccountWideFeature Feature { get; } = feature;
}
