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
    StaffAccounts = 4,
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
        [AccountWideFeature.StaffAccounts] = new("Staff invitations, licences, re-checks and settings fixes", "they create, read and change other users of the Zoom account"),
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

    /// <summary>
    /// Whether the feature may act on one Zoom user through the connection: always on an account-wide one; on a user-level link
    /// only on the user who linked it (matched by Zoom user id or e-mail), who Zoom then accepts only as "me".
    /// </summary>
    public static ZoomUserAccess ForUser(AccountWideFeature feature, ConnectionKind kind, string? grantedScopes, string? linkedByZoomUserId,
        string? linkedByEmail, string? zoomUserId, IEnumerable<string?> emails)
    {
        if (Covers(kind, grantedScopes))
        {
            return ZoomUserAccess.AccountWide;
        }
        var isLinkingUser = (zoomUserId is { Length: > 0 } && string.Equals(zoomUserId, linkedByZoomUserId, StringComparison.Ordinal))
            || (linkedByEmail is { Length: > 0 } && emails.Any(e => string.Equals(e?.Trim(), linkedByEmail, StringComparison.OrdinalIgnoreCase)));
        return isLinkingUser ? ZoomUserAccess.LinkingUser : new ZoomUserAccess(Reason(feature, kind, grantedScopes, linkedByEmail), false);
    }

    /// <summary>
    /// The one check before resolving a Zoom target to act on a user: throws <see cref="AccountWideAccessRequiredException"/> with the
    /// plain reason when the connection's access does not reach that user; a missing connection passes (the resolver reports it).
    /// </summary>
    public static async Task<ZoomUserAccess> RequireForUserAsync(PortalDbContext db, int connectionId, AccountWideFeature feature,
        string? zoomUserId, IEnumerable<string?> emails, CancellationToken ct)
    {
        var c = await db.ZoomConnections.AsNoTracking().Where(x => x.Id == connectionId)
            .Select(x => new { x.Kind, x.GrantedScopes, x.LinkedByZoomUserId, x.LinkedByEmail }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return ZoomUserAccess.AccountWide;
        }
        var access = ForUser(feature, c.Kind, c.GrantedScopes, c.LinkedByZoomUserId, c.LinkedByEmail, zoomUserId, emails);
        return access.Reason is { } reason ? throw new AccountWideAccessRequiredException(feature, reason) : access;
    }
}

/// <summary>How a feature may act on one Zoom user through a connection (see <see cref="AccountWideAccess.ForUser"/>).</summary>
public sealed record ZoomUserAccess(string? Reason, bool AsMe)
{
    public static readonly ZoomUserAccess AccountWide = new(null, false);
    public static readonly ZoomUserAccess LinkingUser = new(null, true);

    /// <summary>The user to name in a Zoom path: a user-level token reaches its own user only as "me", never by id or e-mail.</summary>
    public string PathFor(string zoomUser) => AsMe ? "me" : zoomUser;
}

/// <summary>A feature that needs the whole Zoom account was asked to run on a connection that covers one user only.</summary>
public sealed class AccountWideAccessRequiredException(AccountWideFeature feature, string message) : InvalidOperationException(message)
{
    public AccountWideFeature Feature { get; } = feature;
}
