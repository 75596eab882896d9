using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Core.Data;

namespace Portal.Core.Features.Notifications;

/// <summary>Sends what the outbox holds over SMTP.</summary>
public interface IOutboxDelivery
{
    /// <summary>Claims and sends due messages in batches until none is due; several instances may run this at once.</summary>
    Task<OutboxDeliveryReport> DeliverDueAsync(CancellationToken ct = default);

    /// <summary>Sends one waiting message now (the test e-mail) and returns its row afterwards; null when it is not waiting.</summary>
    Task<OutboxMessage?> DeliverNowAsync(long messageId, CancellationToken ct = default);
}

public sealed record OutboxDeliveryReport(int Sent, int Retrying, int Failed, int NotSent)
{
    public static readonly OutboxDeliveryReport None = new(0, 0, 0, 0);

    public OutboxDeliveryReport Add(OutboxDeliveryReport other) =>
        new(Sent + other.Sent, Retrying + other.Retrying, Failed + other.Failed, NotSent + other.NotSent);
}

/// <summary>
/// At least once, never twice knowingly: a batch is claimed by one instance (a conditional update), sent over one connection, and each
/// message is marked sent as soon as the server's 250 after its data arrives. A 5xx to the recipient or the data fails it for good;
/// anything else (4xx, no connection, a timeout, a drop before the 250) puts it back with a back-off. A drop after the final "." but
/// before the 250 cannot be told apart from one before it: the retry sends the same Message-ID, so the recipient's system can tell.
/// </summary>
public sealed class OutboxDelivery(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<OutboxDelivery> logger) : IOutboxDelivery
{
    public const string NoServerReason = "Not sent: no mail server configured.";
    public const int BatchSize = 100;
    private static readonly TimeSpan s_claim = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_claimMargin = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan[] s_backOff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(60)];
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The wait before the next try after <paramref name="attempts"/> failed ones: 1, 5, 15, then every 60 minutes.</summary>
    public static TimeSpan BackOffAfter(int attempts) => s_backOff[Math.Clamp(attempts - 1, 0, s_backOff.Length - 1)];

    public async Task<OutboxDeliveryReport> DeliverDueAsync(CancellationToken ct = default)
    {
        var total = OutboxDeliveryReport.None;
        while (!ct.IsCancellationRequested)
        {
            var batch = await ClaimAsync(onlyId: null, ct);
            if (batch.Messages.Count == 0)
            {
                break;
            }
            var (report, unreachable) = await SendBatchAsync(batch, ct);
            total = total.Add(report);
            if (unreachable)
            {
                // The rest would meet the same closed door; they keep their turn for the next run.
                break;
            }
        }
        return total;
    }

    public async Task<OutboxMessage?> DeliverNowAsync(long messageId, CancellationToken ct = default)
    {
        var batch = await ClaimAsync(messageId, ct);
        if (batch.Messages.Count == 0)
        {
            return null;
        }
        await SendBatchAsync(batch, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OutboxMessages.AsNoTracking().FirstAsync(m => m.Id == messageId, ct);
    }

    private sealed record Batch(string Token, DateTimeOffset ClaimedUntil, List<OutboxMessage> Messages);

    private async Task<Batch> ClaimAsync(long? onlyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = $"{_instance}:{Guid.NewGuid():N}";
        var until = now + s_claim;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = onlyId is { } id
            ? db.OutboxMessages.Where(m => m.Id == id && (m.Status == OutboxStatus.Waiting || (m.Status == OutboxStatus.Sending && m.ClaimedUntil < now)))
            : db.OutboxMessages.Where(m => (m.Status == OutboxStatus.Waiting && m.NextAttemptAt <= now)
                || (m.Status == OutboxStatus.Sending && m.ClaimedUntil < now));
        var candidates = await due.OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return new Batch(token, until, []);
        }
        // The same condition again in the update: of two instances that picked the same rows, each row goes to one of them.
        await due.Where(m => candidates.Contains(m.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Sending)
            .SetProperty(m => m.ClaimedBy, token)
            .SetProperty(m => m.ClaimedUntil, until), ct);
        var claimed = await db.OutboxMessages.AsNoTracking().Where(m => m.ClaimedBy == token && m.Status == OutboxStatus.Sending)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).ToListAsync(ct);
        return new Batch(token, until, claimed);
    }

    private async Task<(OutboxDeliveryReport Report, bool Unreachable)> SendBatchAsync(Batch batch, CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var marked = await db.OutboxMessages.Where(m => m.ClaimedBy == batch.Token && m.Status == OutboxStatus.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.NotSentNoServer).SetProperty(m => m.LastError, NoServerReason)
                    .SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), ct);
            return (new OutboxDeliveryReport(0, 0, 0, marked), false);
        }

        var report = OutboxDeliveryReport.None;
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(60).TotalMilliseconds };
        string? connectionProblem = null;
        var next = 0;
        try
        {
            for (; next < batch.Messages.Count; next++)
            {
                var row = batch.Messages[next];
                if (clock.GetUtcNow() > batch.ClaimedUntil - s_claimMargin)
                {
                    // The claim is running out: hand the rest back untouched rather than risk another instance sending them too.
                    break;
                }
                if (connectionProblem is null && !client.IsConnected)
                {
                    connectionProblem = await ConnectAsync(client, settings.Smtp, ct);
                }
                var outcome = connectionProblem is not null ? Outcome.Retry(connectionProblem) : await SendOneAsync(client, row, settings, ct);
                report = report.Add(await RecordAsync(batch, row, outcome, settings.MaxAttempts, ct));
            }
        }
        finally
        {
            // Stopped early (the claim running out, the portal stopping): what was not tried goes back as it was.
            if (next < batch.Messages.Count)
            {
                await ReleaseAsync(batch, batch.Messages.Skip(next).Select(m => m.Id).ToList());
            }
        }
        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(quit: true, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogDebug(ex, "The mail server closed the connection before QUIT was answered");
            }
        }
        return (report, connectionProblem is not null);
    }

    private async Task<string?> ConnectAsync(SmtpClient client, SmtpOptions smtp, CancellationToken ct)
    {
        try
        {
            await client.ConnectAsync(smtp.Host!.Trim(), smtp.Port, MailMessages.SocketOptions(smtp.Security), ct);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
            }
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var reason = ex switch
            {
                AuthenticationException => $"The mail server {smtp.Host} did not accept the user name and password ({OneLine(ex.Message)}).",
                SmtpCommandException command => $"The mail server {smtp.Host}:{smtp.Port} answered {(int)command.StatusCode} {OneLine(ex.Message)}",
                SslHandshakeException => $"No secure connection to the mail server {smtp.Host}:{smtp.Port} ({OneLine(ex.Message)}). Check Email:Smtp:Security.",
                _ => $"Could not reach the mail server {smtp.Host}:{smtp.Port} ({OneLine(ex.Message)}).",
            };
            logger.LogWarning("Mail delivery: {Reason}", reason);
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: false, CancellationToken.None);
            }
            return reason;
        }
    }

    private async Task<Outcome> SendOneAsync(SmtpClient client, OutboxMessage row, EmailOptions settings, CancellationToken ct)
    {
        MimeMessage message;
        try
        {
            message = MailMessages.Build(row, settings);
        }
        catch (ParseException ex)
        {
            return Outcome.Refused($"The message could not be addressed: {OneLine(ex.Message)}");
        }
        try
        {
            await client.SendAsync(message, ct);
            return Outcome.Sent;
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500
            && ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted)
        {
            return Outcome.Refused($"The mail server refused it: {(int)ex.StatusCode} {OneLine(ex.Message)}");
        }
        catch (SmtpCommandException ex)
        {
            return Outcome.Retry($"The mail server answered {(int)ex.StatusCode} {OneLine(ex.Message)}");
        }
        catch (Exception ex) when (IsTransient(ex, ct))
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: false, CancellationToken.None);
            }
            return Outcome.Retry($"The connection to the mail server was lost before it confirmed the message ({OneLine(ex.Message)}).");
        }
    }

    private async Task<OutboxDeliveryReport> RecordAsync(Batch batch, OutboxMessage row, Outcome outcome, int maxAttempts, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var attempts = row.Attempts + 1;
        // Saved per message and without the caller's token: an accepted message must be recorded even when the run is stopping.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        if (outcome.Kind == OutcomeKind.Sent)
        {
            await db.OutboxMessages.Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, now).SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            return new OutboxDeliveryReport(1, 0, 0, 0);
        }
        var giveUp = outcome.Kind == OutcomeKind.Refused || attempts >= maxAttempts;
        var reason = outcome.Kind == OutcomeKind.Refused || !giveUp
            ? outcome.Reason
            : $"Gave up after {attempts} attempts. Last: {outcome.Reason}";
        var status = giveUp ? OutboxStatus.Failed : OutboxStatus.Waiting;
        var next = giveUp ? now : now + BackOffAfter(attempts);
        await db.OutboxMessages.Where(m => m.Id == row.Id && m.ClaimedBy == batch.Token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, status).SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.LastError, Truncate(reason))
            .SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        return giveUp ? new OutboxDeliveryReport(0, 0, 1, 0) : new OutboxDeliveryReport(0, 1, 0, 0);
    }

    private async Task ReleaseAsync(Batch batch, List<long> ids)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.ClaimedBy == batch.Token).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, OutboxStatus.Waiting)
            .SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
    }

    private static bool IsTransient(Exception ex, CancellationToken ct) =>
        ex is SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException or TimeoutException
            or AuthenticationException or SslHandshakeException or ProtocolException
        || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    private static string OneLine(string text) => MailComposer.OneLine(text);

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..997] + "...";

    private enum OutcomeKind { Sent, Refused, Retry }

    private sealed record Outcome(OutcomeKind Kind, string Reason)
    {
        public static readonly Outcome Sent = new(OutcomeKind.Sent, "");

        public static Outcome Refused(string reason) => new(OutcomeKind.Refused, reason);

        public static Outcome Retry(string reason) => new(OutcomeKind.Retry, reason);
    }
}
