using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Data;

namespace Portal.Core.Features.Webhooks;

public enum StoreOutcome
{
    Stored = 0,
    Duplicate = 1,
    Unavailable = 2,
}

/// <summary>
/// Stores verified events for the receiver. One writer takes every event waiting and inserts them in one transaction:
/// a burst costs one commit per batch rather than one per event, and deliveries do not fight over SQLite's single
/// write lock. A delivery learns its outcome only after its batch is committed (or has failed).
/// </summary>
public sealed class WebhookEventStore(
    IDbContextFactory<PortalDbContext> dbFactory,
    WebhookQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookEventStore> logger) : BackgroundService
{
    private const int MaxBatch = 256;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Waits until the event is stored, found already stored, or could not be stored; or until <paramref name="ct"/> ends.</summary>
    public async Task<StoreOutcome> StoreAsync(WebhookEvent evt, CancellationToken ct)
    {
        var pending = new Pending(evt, ct);
        await _pending.Writer.WriteAsync(pending, ct);
        return await pending.Outcome.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var pending))
                {
                    // A delivery already answered 503 is not stored now: Zoom sends it again.
                    if (!pending.GivenUp.IsCancellationRequested)
                    {
                        batch.Add(pending);
                    }
                }
                if (batch.Count > 0)
                {
                    await WriteAsync(batch, stoppingToken);
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken stoppingToken)
    {
        using var deadline = new CancellationTokenSource(options.Value.StoreTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        try
        {
            if (!await TryInsertAsync(batch, linked.Token, stoppingToken))
            {
                // Some event was stored before; one at a time tells which.
                foreach (var pending in batch)
                {
                    await TryInsertAsync([pending], linked.Token, stoppingToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "{Count} webhook events not stored; they are answered 503 and Zoom sends them again", batch.Count);
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetResult(StoreOutcome.Unavailable);
            }
        }
    }

    /// <summary>False when an event's identity is already stored (then nothing of the batch is).</summary>
    private async Task<bool> TryInsertAsync(List<Pending> batch, CancellationToken ct, CancellationToken stoppingToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sqlite = db.Database.IsSqlite();
        await using var limit = sqlite ? await SqliteWaitLimit.ApplyAsync(db, options.Value.StoreTimeout, ct) : null;
        foreach (var pending in batch)
        {
            pending.Event.Id = 0;
            db.WebhookEvents.Add(pending.Event);
        }
        try
        {
            // SQLite's wait is bounded above; a cancellation there could only come after the row was written, and
            // would report an event that is stored as not stored.
            await db.SaveChangesAsync(sqlite ? stoppingToken : ct);
        }
        catch (DbUpdateException ex) when (WebhookStoreErrors.IsDuplicateIdentity(ex))
        {
            if (batch.Count == 1)
            {
                await EnqueueIfUnprocessedAsync(db, batch[0].Event.Identity, ct);
                batch[0].Outcome.TrySetResult(StoreOutcome.Duplicate);
            }
            return false;
        }
        foreach (var pending in batch)
        {
            queue.Enqueue(pending.Event.Id);
            pending.Outcome.TrySetResult(StoreOutcome.Stored);
        }
        return true;
    }

    /// <summary>
    /// A repeated delivery of an event that is stored but not processed (its first delivery was stored as its answer
    /// timed out, or this instance stopped before processing it) has it processed now; the processor claims it once.
    /// </summary>
    private async Task EnqueueIfUnprocessedAsync(PortalDbContext db, string identity, CancellationToken ct)
    {
        var unprocessed = await db.WebhookEvents.AsNoTracking().Where(e => e.Identity == identity && e.ProcessedAt == null)
            .Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
        if (unprocessed is { } id)
        {
            queue.Enqueue(id);
        }
    }

    private sealed class Pending(WebhookEvent evt, CancellationToken givenUp)
    {
        public WebhookEvent Event { get; } = evt;

        public CancellationToken GivenUp { get; } = givenUp;

        public TaskCompletionSource<StoreOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
