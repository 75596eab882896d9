using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Core.Features.Webhooks;

/// <summary>Processes events as soon as they are stored (the receiver only verifies, stores and acknowledges).</summary>
public sealed class WebhookBackgroundProcessor(WebhookQueue queue, IWebhookEventProcessor processor, ILogger<WebhookBackgroundProcessor> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await processor.ProcessAsync(id, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Webhook event {Id} could not be processed now; the WebhookProcessing job retries it", id);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
