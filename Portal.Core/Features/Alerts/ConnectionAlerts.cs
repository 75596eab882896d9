using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Notifications;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Alerts;

/// <summary>
/// Tells administrators when a connection starts failing or loses permissions, once per problem ("connection:{id}:{problem}"),
/// and again only after the connection was healthy in between. Called wherever a connection's health is recorded, before that save.
/// </summary>
public sealed class ConnectionAlerts(INotificationOutbox outbox, IPortalLinks links)
{
    public const string Refused = "refused";
    public const string ScopesMissing = "scopes";
    public const string Limited = "limited";
    public const string Deauthorized = "deauthorized";

    private static readonly string[] s_problems = [Refused, ScopesMissing, Limited, Deauthorized];

    public static string Key(int connectionId, string problem) => $"connection:{connectionId}:{problem}";

    /// <summary>Reads the connection's health as just changed (not saved yet): raises its problem, clears the others.</summary>
    public async Task ReviewAsync(PortalDbContext db, ZoomConnection connection, CancellationToken ct)
    {
        if (connection.Disabled)
        {
            // Removed from configuration or unlinked in Zoom: nothing to verify until it comes back.
            return;
        }
        var health = ConnectionHealthRule.Evaluate(ConnectionHealthFacts.Of(connection, lastSnapshotError: null));
        var problem = health.State switch
        {
            HealthState.Failing when connection.LastError is not null => Refused,
            HealthState.Failing => ScopesMissing,
            HealthState.Limited when connection.LastVerifiedAt is not null && AccountWideAccess.Covers(connection.Kind, connection.GrantedScopes) => Limited,
            _ => null,
        };
        foreach (var other in s_problems.Where(p => p != problem))
        {
            await outbox.ClearAsync(db, Key(connection.Id, other), ct);
        }
        if (problem is not null && await outbox.RaiseAsync(db, Key(connection.Id, problem), ct))
        {
            await outbox.QueueForRoleAsync(db, NotificationKind.ConnectionProblem, Content(connection, problem, health.Reason), connection.Id, ct);
        }
    }

    /// <summary>The account removed the portal's app in Zoom (app_deauthorized): the link is gone until someone links the account again.</summary>
    public async Task DeauthorizedAsync(PortalDbContext db, ZoomConnection connection, CancellationToken ct)
    {
        if (await outbox.RaiseAsync(db, Key(connection.Id, Deauthorized), ct))
        {
            await outbox.QueueForRoleAsync(db, NotificationKind.ConnectionProblem, Content(connection, Deauthorized, ""), connection.Id, ct);
        }
    }

    /// <summary>
    /// A scheduled call (the hourly usage snapshot) was refused because Zoom no longer accepts the credentials or a scope is gone:
    /// found between verifications. Raised in its own save, since the failed run itself is recorded by the job runner.
    /// </summary>
    public async Task RefusedAsync(PortalDbContext db, ZoomConnection connection, ZoomRefusal refusal, CancellationToken ct)
    {
        var problem = refusal.Kind == ZoomRefusalKind.ScopeMissing ? ScopesMissing : Refused;
        if (await outbox.RaiseAsync(db, Key(connection.Id, problem), ct))
        {
            await outbox.QueueForRoleAsync(db, NotificationKind.ConnectionProblem,
                Content(connection, problem, "The hourly usage snapshot failed: " + refusal.Text), connection.Id, ct);
        }
    }

    /// <summary>A scheduled call succeeded: Zoom accepts the credentials again.</summary>
    public Task AcceptedAsync(PortalDbContext db, int connectionId, CancellationToken ct) => outbox.ClearAsync(db, Key(connectionId, Refused), ct);

    private MailContent Content(ZoomConnection c, string problem, string reason)
    {
        var link = c.Kind == ConnectionKind.OAuthLink;
        var (subject, fix) = problem switch
        {
            Refused => ($"Zoom connection failing: {c.Name}",
                link ? "Open the connection and link the Zoom account again (or click Refresh if Zoom was only unavailable)."
                    : "Check the Server-to-Server app in the Zoom App Marketplace (is it activated, was its Client Secret regenerated?), "
                      + "then open the connection and click Verify now, or enter the new Client Secret."),
            ScopesMissing => ($"Zoom connection failing: {c.Name} is missing required Zoom scopes",
                "Add the missing scopes to the portal's app in the Zoom App Marketplace, then open the connection and click Verify now."),
            Limited => ($"Zoom connection limited: {c.Name} is missing optional Zoom scopes",
                "Add the missing scopes to the portal's app in the Zoom App Marketplace, then open the connection and click Verify now."),
            _ => ($"Zoom app removed: {c.Name} is unlinked",
                "Open the connection and link the Zoom account again, if the portal should keep using it."),
        };
        var what = problem == Deauthorized
            ? $"Someone removed the portal's app from the Zoom account {c.AccountId} in Zoom. The portal deleted the link's tokens and "
              + "no longer reaches this account: staff sync, sessions and dashboards of this connection stop."
            : reason;
        return new MailContent(subject, subject, [what, fix])
        {
            Action = new MailLink("Open the connection", links.To($"/connections/{c.Id}")),
        };
    }
}
