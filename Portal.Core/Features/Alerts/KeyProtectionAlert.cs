using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Features.Notifications;
using Portal.Core.Security;

namespace Portal.Core.Features.Alerts;

/// <summary>
/// At start-up, tells administrators that the Data Protection keys are unprotected ("keys:unprotected"): once while the condition
/// holds (a restart does not repeat it), again after a start with the keys protected.
/// </summary>
public sealed partial class KeyProtectionAlert(
    KeyProtection keys,
    IPortalLinks links,
    IDbContextFactory<PortalDbContext> dbFactory,
    INotificationOutbox outbox,
    ILogger<KeyProtectionAlert> logger) : IHostedService
{
    public const string Key = "keys:unprotected";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!keys.ShouldWarn)
            {
                await outbox.ClearAsync(db, Key, cancellationToken);
            }
            else if (await outbox.RaiseAsync(db, Key, cancellationToken))
            {
                const string subject = "Zoom secrets are not protected at rest";
                await outbox.QueueForRoleAsync(db, NotificationKind.KeysUnprotected, new MailContent(subject, subject, [KeyProtection.Problem, KeyProtection.Fix])
                {
                    // The fix is in the server's configuration; the home page shows the warning until it is done.
                    Action = new MailLink("Open the portal", links.To("/")),
                }, ct: cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Another instance starting at the same time recorded it first, or the database is not reachable yet: the log's
            // warning and the home page still say it, and the portal starts anyway.
            LogNotRecorded(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The administrators' message about the unprotected keys could not be queued")]
    private static partial void LogNotRecorded(ILogger logger, Exception ex);
}
