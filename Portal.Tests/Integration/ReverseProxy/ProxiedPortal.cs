using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.ReverseProxy;

/// <summary>
/// The portal on Kestrel behind Debian's nginx (<see cref="NginxProxy"/>), with only the proxy's known entrance
/// configured as a known proxy, and a join-page limit of three requests per client address.
/// </summary>
public sealed class ProxiedPortal : IAsyncLifetime
{
    public const int JoinPermitLimit = 3;

    public CustomPortalAppFactory Portal { get; } = new(new Dictionary<string, string?>
    {
        ["ForwardedHeaders:KnownProxies:0"] = NginxProxy.KnownProxyAddress,
        ["Sessions:JoinRateLimit:PermitLimit"] = JoinPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Sessions:JoinRateLimit:Window"] = "00:30:00",
    });

    public NginxProxy Proxy { get; private set; } = default!;

    public async Task InitializeAsync() => Proxy = await NginxProxy.StartAsync(Portal.BaseUrl);

    public async Task DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }
        await Portal.DisposeAsync();
    }
}
