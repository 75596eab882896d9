namespace Portal.Tests.TestDoubles;

/// <summary>The portal sending through a loopback SMTP server of its own (<see cref="Smtp"/>), for tests that read what arrived.</summary>
public sealed class MailPortalAppFactory : PortalAppFactory
{
    public MailPortalAppFactory() : this(LoopbackSmtpServer.StartAsync().GetAwaiter().GetResult())
    {
    }

    private MailPortalAppFactory(LoopbackSmtpServer smtp) : base(new Dictionary<string, string?>(smtp.Settings)) => Smtp = smtp;

    public LoopbackSmtpServer Smtp { get; }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
