using System.Threading.Channels;

namespace Portal.Core.Features.Webhooks;

/// <summary>Ids of stored events waiting for the background processor. Lost on restart by design: the job picks up leftovers.</summary>
public sealed class WebhookQueue
{
    private readonly Channel<long> _channel = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(long eventId) => _channel.Writer.TryWrite(eventId);

    public IAsyncEnumerable<long> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}
