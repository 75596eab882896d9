using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Jobs;

namespace Portal.Core.Features.Notifications;

/// <summary>
/// Delivers promptly after something is queued on this instance (<see cref="OutboxSignal"/>); the OutboxDelivery job covers the rest.
/// Off with the scheduler (Jobs:Enabled=false), like every other background work.
/// </summary>
public sealed class OutboxBackgroundDelivery(
    OutboxSignal signal,
    IOutboxDelivery delivery,
    IOptions<JobsOptions> jobs,
    ILogger<OutboxBackgroundDelivery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobs.Value.Enabled)
        {
            return;
        }
        try
        {
            while (await signal.WaitAsync(stoppingToken))
            {
                signal.Consume();
                try
                {
                    await delivery.DeliverDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Delivering the outbox failed; the OutboxDelivery job tries again");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
