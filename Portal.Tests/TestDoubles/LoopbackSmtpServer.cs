using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// A real SMTP server on loopback (the SmtpServer package, in-process) for tests that send e-mail. Usage:
/// <code>
/// await using var smtp = await LoopbackSmtpServer.StartAsync();
/// // point the portal at it: smtp.Settings (Email:Smtp:Host/Port/Security, Email:From), or smtp.Configure(emailOptions)
/// var message = await smtp.WaitForMessageAsync(m => m.Subject.Contains("Reminder"));
/// </code>
/// <see cref="Received"/> holds every accepted message as a MimeKit <see cref="MimeMessage"/>; <see cref="Refuse"/> answers 550 (or 450)
/// to one recipient; <see cref="StopAsync"/> takes it down (connections are refused) and <see cref="RestartAsync"/> brings it back on
/// the same port.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    public const string From = "portal@school.example";

    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly ConcurrentDictionary<string, (string Reason, bool ForNow)> _refused = new(StringComparer.OrdinalIgnoreCase);
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task? _running;

    private LoopbackSmtpServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Every message accepted so far, in arrival order.</summary>
    public IReadOnlyList<MimeMessage> Received => _received.ToArray();

    /// <summary>The portal's settings that send through this server (no TLS, no sign-in).</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:From"] = From,
    };

    /// <summary>Starts on a free loopback port.</summary>
    public static async Task<LoopbackSmtpServer> StartAsync(int? port = null)
    {
        var server = new LoopbackSmtpServer(port ?? FreePort());
        await server.RestartAsync();
        return server;
    }

    /// <summary>Sets <paramref name="options"/> to send through this server.</summary>
    public void Configure(Portal.Core.Features.Notifications.EmailOptions options)
    {
        options.Smtp.Host = "127.0.0.1";
        options.Smtp.Port = Port;
        options.Smtp.Security = "None";
        options.From = From;
    }

    /// <summary>
    /// From now on RCPT TO this address is answered "550 5.1.1 &lt;reason&gt;", or with <paramref name="forNow"/> "450 4.2.1 &lt;reason&gt;"
    /// (try again later); <see cref="Accept"/> ends it.
    /// </summary>
    public void Refuse(string address, string reason = "Mailbox does not exist", bool forNow = false) => _refused[address] = (reason, forNow);

    /// <summary>Accepts the address again.</summary>
    public void Accept(string address) => _refused.TryRemove(address, out _);

    /// <summary>Waits until a message matching <paramref name="match"/> (any when null) has arrived.</summary>
    public async Task<MimeMessage> WaitForMessageAsync(Func<MimeMessage, bool>? match = null, TimeSpan? timeout = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            if (_received.FirstOrDefault(m => match?.Invoke(m) ?? true) is { } found)
            {
                return found;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No matching message arrived at the loopback SMTP server within {timeout ?? TimeSpan.FromSeconds(30)}.");
    }

    /// <summary>Takes the server down: new connections are refused until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }
        await _stop!.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _server = null;
    }

    /// <summary>Listens again on the same port.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        services.Add(new NoDelayListeners());
        _server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = _server.StartAsync(_stop.Token);
        await WaitUntilListeningAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitUntilListeningAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }
        throw new InvalidOperationException($"The loopback SMTP server did not start listening on port {Port}.");
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // Replies to pipelined commands go out at once, as a mail server's do; with Nagle on, each second reply waited for the
    // client's delayed acknowledgement (~40 ms per message).
    private sealed class NoDelayListeners : SmtpServer.Net.IEndpointListenerFactory
    {
        public SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            return new NoDelayListener(listener);
        }
    }

    private sealed class NoDelayListener(TcpListener listener) : SmtpServer.Net.IEndpointListener
    {
        public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties[SmtpServer.Net.EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
            return new PlainPipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    /// <summary>The connection as pipes; no STARTTLS (the server does not offer it).</summary>
    private sealed class PlainPipe(TcpClient client) : SmtpServer.IO.ISecurableDuplexPipe
    {
        public System.IO.Pipelines.PipeReader Input { get; } = System.IO.Pipelines.PipeReader.Create(client.GetStream());
        public System.IO.Pipelines.PipeWriter Output { get; } = System.IO.Pipelines.PipeWriter.Create(client.GetStream());
        public bool IsSecure => false;
        public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

        public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate,
            System.Security.Authentication.SslProtocols protocols, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The loopback SMTP server does not offer TLS.");

        public void Dispose() => client.Dispose();
    }

    private sealed class Store(LoopbackSmtpServer owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            owner._received.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Filter(LoopbackSmtpServer owner) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken token)
        {
            if (owner._refused.TryGetValue(to.AsAddress(), out var refusal))
            {
                throw new SmtpResponseException(refusal.ForNow
                    ? new SmtpResponse((SmtpReplyCode)450, $"4.2.1 {refusal.Reason}")
                    : new SmtpResponse(SmtpReplyCode.MailboxUnavailable, $"5.1.1 {refusal.Reason}"));
            }
            return Task.FromResult(true);
        }
    }
}
