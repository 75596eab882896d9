using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Core.Features.Notifications;

/// <summary>Who signed in, as the sign-in's claims tell: the portal's roles only.</summary>
public sealed record SignedInPerson(string? ObjectId, string? Email, string? Name, IReadOnlyCollection<string> Roles);

/// <summary>
/// Records each sign-in as a recipient of the portal's messages: e-mail, name, object id and the roles of this sign-in (a removed role
/// stops its messages from the next sign-in). Never makes a sign-in fail: a problem is logged and the sign-in goes on.
/// </summary>
public sealed class RecordSignIn(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, ILogger<RecordSignIn> logger)
{
    public async Task RecordAsync(SignedInPerson person, CancellationToken ct = default)
    {
        try
        {
            await SaveAsync(person, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The sign-in of {ObjectId} was not recorded for e-mail notifications", person.ObjectId);
        }
    }

    private async Task SaveAsync(SignedInPerson person, CancellationToken ct)
    {
        var email = person.Email?.Trim() ?? "";
        if (string.IsNullOrEmpty(person.ObjectId) && email.Length == 0)
        {
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await RecipientLookup.FindAsync(db, person.ObjectId, email, ct);
        if (row is null)
        {
            row = new NotificationRecipient { Email = email };
            db.NotificationRecipients.Add(row);
        }
        row.ObjectId = string.IsNullOrEmpty(person.ObjectId) ? row.ObjectId : person.ObjectId;
        row.Email = email.Length > 0 ? email : row.Email;
        row.Name = string.IsNullOrWhiteSpace(person.Name) ? row.Name : person.Name.Trim();
        row.Roles = RolesText(person.Roles);
        row.LastSignInAt = clock.GetUtcNow();
        row.AddressProblem = NotificationOutbox.IsAddress(row.Email) ? null : AddressProblemFor(row.Email);
        await db.SaveChangesAsync(ct);
    }

    public static string RolesText(IEnumerable<string> roles) =>
        string.Join(',', Identity.Roles.All.Where(roles.Contains));

    public static string AddressProblemFor(string email) => email.Length == 0
        ? "Your sign-in carries no e-mail address, so the portal cannot e-mail you. Ask IT to add one to your account."
        : $"Your sign-in's address '{email}' is not an e-mail address the portal can write to. Ask IT to correct it.";
}

/// <summary>A signed-in person's recipient row: by object id, else by e-mail (any case) among rows not from configuration.</summary>
internal static class RecipientLookup
{
    public static async Task<NotificationRecipient?> FindAsync(PortalDbContext db, string? objectId, string? email, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(objectId)
            && await db.NotificationRecipients.FirstOrDefaultAsync(r => r.ObjectId == objectId && !r.FromConfiguration, ct) is { } byId)
        {
            return byId;
        }
        var lower = email?.Trim().ToLowerInvariant() ?? "";
        if (lower.Length == 0)
        {
            return null;
        }
        return await db.NotificationRecipients.Where(r => !r.FromConfiguration && r.Email.ToLower() == lower)
            .OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
    }
}
