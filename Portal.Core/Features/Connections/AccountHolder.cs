using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Connections;

/// <summary>
/// The connection that already holds a Zoom account. One account is connected once: a second connection of it (another
/// app, or a link next to an app) would list each of its users twice.
/// </summary>
public sealed record AccountHolder(int Id, string Name, ConnectionKind Kind, string AccountId, string? ClientId, string? LinkedByEmail,
    bool ManagedByConfiguration, bool AccountWide)
{
    public string KindText => Kind == ConnectionKind.ServerToServer
        ? $"Server-to-Server app {ClientId}"
        : $"link by {LinkedByEmail ?? "a Zoom user"}";

    /// <summary>The same Server-to-Server app: nothing to replace, only its secret may change (on the connection's page).</summary>
    public bool IsSameApp(string clientId) => Kind == ConnectionKind.ServerToServer && string.Equals(ClientId, clientId, StringComparison.Ordinal);

    /// <summary>Whether the wizard may move this connection to the new app (configuration-managed ones change in configuration).</summary>
    public bool CanReplaceWith(string clientId) => !ManagedByConfiguration && !IsSameApp(clientId);

    /// <summary>Why the wizard does not save a second connection, in plain words.</summary>
    public string WizardExplanation(string clientId) =>
        IsSameApp(clientId)
            ? $"This Zoom app is already connected as \"{Name}\". To give it a new Client Secret, open that connection and replace the secret there."
            : $"The Zoom account {AccountId} is already connected as \"{Name}\" ({KindText}). A second connection of the same account would list each of its users twice."
              + (ManagedByConfiguration
                  ? " That connection comes from the portal's configuration (Zoom:Connections): change its Client ID and Client Secret there."
                  : " You can move that connection to this app (it keeps its name, staff, sessions and history) or cancel.");

    /// <summary>Why "Link a Zoom account" was refused for an account this connection already holds.</summary>
    public string LinkExplanation =>
        $"The Zoom account {AccountId} is already connected as \"{Name}\" ({KindText})"
        + (AccountWide ? ", which covers the whole account. " : ". ")
        + "A second connection of the same account would list each of its users twice, so the portal gave the new access back to Zoom. "
        + (Kind == ConnectionKind.ServerToServer
            ? "Keep using that connection; to move it to a link instead, delete it first and link again."
            : "A link that covers only one user cannot replace it; link again as a Zoom account administrator approving the account-wide permissions, or keep the current link.");

    /// <summary>The connection of the account (the oldest one if older data holds several); null when none does.</summary>
    public static async Task<AccountHolder?> FindAsync(PortalDbContext db, string? accountId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(accountId))
        {
            return null;
        }
        var c = await db.ZoomConnections.AsNoTracking().Where(x => x.AccountId == accountId).OrderBy(x => x.Id).FirstOrDefaultAsync(ct);
        return c is null ? null : From(c);
    }

    public static AccountHolder From(ZoomConnection c) => new(c.Id, c.Name, c.Kind, c.AccountId ?? "", c.ClientId, c.LinkedByEmail,
        c.ManagedByConfiguration, AccountWideAccess.Covers(c.Kind, c.GrantedScopes));
}
