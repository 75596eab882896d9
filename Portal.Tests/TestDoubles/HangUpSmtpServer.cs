using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// A minimal SMTP speaker on loopback that hangs up in the middle of a message: before the final "." (the message was never
/// accepted) or right after it, before answering 250 (the sender cannot know whether it was accepted). Every connection gets
/// the same treatment. For the cases a well-behaved server (<see cref="LoopbackSmtpServer"/>) cannot produce.
/// </summary>
public sealed class HangUpSmtpServer : IAsyncDisposable
{
    public enum Moment
    {
        BeforeFinalDot,
        AfterFinalDot,
    }

    private readonly TcpListener _listener;
    private readonly Moment _moment;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _hangUps;

    public HangUpSmtpServer(Moment moment)
    {
        _moment = moment;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>How many messages it hung up on.</summary>
    public int HangUps => Volatile.Read(ref _hangUps);

    /// <summary>The message-id headers of the data it read before hanging up (after the final "." only).</summary>
    public List<string> MessageIdsSeen { get; } = [];

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => SpeakAsync(client));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SpeakAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await WriteAsync(stream, "220 localhost ESMTP hang-up test server");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (command)
                    {
                        case "EHLO":
                            await WriteAsync(stream, "250-localhost\r\n250 8BITMIME");
                            break;
                        case "DATA":
                            await WriteAsync(stream, "354 End data with <CR><LF>.<CR><LF>");
                            await ReadDataThenHangUpAsync(reader);
                            return;
                        case "QUIT":
                            await WriteAsync(stream, "221 Bye");
                            return;
                        default:
                            await WriteAsync(stream, "250 OK");
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task ReadDataThenHangUpAsync(StreamReader reader)
    {
        if (_moment == Moment.BeforeFinalDot)
        {
            await reader.ReadLineAsync(_stop.Token);
            Interlocked.Increment(ref _hangUps);
            return;
        }
        while (await reader.ReadLineAsync(_stop.Token) is { } line && line != ".")
        {
            if (line.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
            {
                lock (MessageIdsSeen)
                {
                    MessageIdsSeen.Add(line["Message-ID:".Length..].Trim().Trim('<', '>'));
                }
            }
        }
        Interlocked.Increment(ref _hangUps);
    }

    private static Task WriteAsync(NetworkStream stream, string reply) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\r\n")).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
