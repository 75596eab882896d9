using Portal.Core.Jobs;

namespace Portal.Core.Features.Webhooks;

/// <summary>Picks up events that were stored but not processed (a restart, a transient failure).</summary>
public sealed class WebhookProcessingJob(IWebhookEventProcessor processor) : IPortalJob
{
    public string Name => "WebhookProcessing";
    public string DefaultSchedule => "00:01:00";
    public bool PerConnection => false;

    public async Task<string?> RunAsync(JobContext context, CancellationToken ct)
    {
        var processed = await processor.ProcessPendingAsync(ct);
        return processed == 0 ? "Nothing left to process." : $"Processed {processed} left-over events.";
    }
}
