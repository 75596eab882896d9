using System.Threading.Channels;

namespace Portal.Core.Features.Notifications;

/// <summary>"Something was queued": wakes this instance's background delivery. Lost on restart by design: the outbox job picks up the rest.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true,
    });

    public void Notify() => _channel.Writer.TryWrite(true);

    public ValueTask<bool> WaitAsync(CancellationToken ct) => _channel.Reader.WaitToReadAsync(ct);

    public void Consume() => _channel.Reader.TryRead(out _);
}
