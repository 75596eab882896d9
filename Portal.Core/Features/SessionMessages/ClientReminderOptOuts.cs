using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Features.Notifications;

namespace Portal.Core.Features.SessionMessages;

/// <summary>
/// The one-click opt-out from clients' reminders: every reminder carries a link whose token is the address encrypted with Data
/// Protection (unguessable, and it names no session); opening it and confirming records the address in ClientReminderOptOuts.
/// </summary>
public sealed class ClientReminderOptOuts(IDataProtectionProvider dataProtection, IPortalLinks links, IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider clock)
{
    public const string PathPrefix = "/reminders/stop/";
    private const string Purpose = "Portal.ClientReminderOptOut.v1";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);

    /// <summary>The absolute opt-out link for an address (List-Unsubscribe and the reminder's footer).</summary>
    public string UrlFor(string email) => links.To(PathPrefix + TokenFor(email));

    public string TokenFor(string email) => Base64Url.EncodeToString(_protector.Protect(Encoding.UTF8.GetBytes(Normalise(email))));

    /// <summary>The address a token stands for; null for anything that is not one of the portal's tokens.</summary>
    public string? EmailOf(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 2000 || !Base64Url.IsValid(token))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(_protector.Unprotect(Base64Url.DecodeFromChars(token)));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Records the opt-out (once; a repeat is fine). False when the token is not valid.</summary>
    public async Task<bool> OptOutAsync(string? token, CancellationToken ct = default)
    {
        if (EmailOf(token) is not { } email)
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ClientReminderOptOuts.AnyAsync(o => o.Email == email, ct))
        {
            return true;
        }
        db.ClientReminderOptOuts.Add(new ClientReminderOptOut { Email = email, OptedOutAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A mail client's one-click POST and the person's own click may race; the address is recorded either way.
            return await IsRecordedAsync(email, ct);
        }
        return true;
    }

    public async Task<bool> IsRecordedAsync(string email, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalised = Normalise(email);
        return await db.ClientReminderOptOuts.AnyAsync(o => o.Email == normalised, ct);
    }

    public static string Normalise(string email) => email.Trim().ToLowerInvariant();
}
