using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Portal.Core.Zoom;

/// <summary>
/// Where Zoom is: the configured base URLs, a token's api_url, or (sandbox mode) the portal's own address + /_zoom-sandbox,
/// discovered at the first call because the server's addresses are only known once it listens.
/// </summary>
internal sealed partial class ZoomEndpoints(IOptions<ZoomOptions> options, IServiceProvider services)
{
    public const string SandboxPrefix = "/_zoom-sandbox";

    private readonly ZoomOptions _options = options.Value;
    private string? _portalBase;

    public bool SandboxMode => _options.Sandbox.Enabled;

    public string OAuthBase => SandboxMode ? PortalBase + SandboxPrefix : _options.OAuthBaseUrl.TrimEnd('/');

    /// <summary>The API base for a target whose token named <paramref name="tokenApiUrl"/>.</summary>
    public string ApiBase(string? tokenApiUrl)
    {
        if (SandboxMode)
        {
            return PortalBase + SandboxPrefix + "/v2";
        }
        if (!string.IsNullOrWhiteSpace(tokenApiUrl) && Uri.TryCreate(tokenApiUrl, UriKind.Absolute, out _))
        {
            var api = tokenApiUrl.TrimEnd('/');
            return api.EndsWith("/v2", StringComparison.OrdinalIgnoreCase) ? api : api + "/v2";
        }
        return _options.ApiBaseUrl.TrimEnd('/');
    }

    /// <summary>The portal's own base URL (for the sandbox and relative OAuth redirect URIs).</summary>
    public string PortalBase => _portalBase ??= DiscoverPortalBase();

    public bool IsZoomHost(Uri uri, string? tokenApiUrl)
    {
        var host = uri.Host;
        if (host.Equals("zoom.us", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".zoom.us", StringComparison.OrdinalIgnoreCase)
            || host.Equals("zoomgov.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".zoomgov.com", StringComparison.OrdinalIgnoreCase))
        {
            return uri.Scheme == Uri.UriSchemeHttps;
        }
        return SameAuthority(uri, ApiBase(tokenApiUrl)) || SameAuthority(uri, OAuthBase);
    }

    private static bool SameAuthority(Uri uri, string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var b)
        && string.Equals(b.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(b.Host, uri.Host, StringComparison.OrdinalIgnoreCase)
        && b.Port == uri.Port;

    private string DiscoverPortalBase()
    {
        if (!string.IsNullOrWhiteSpace(_options.Sandbox.PortalBaseUrl))
        {
            return _options.Sandbox.PortalBaseUrl.TrimEnd('/');
        }
        return ListenAddress(services, preferredScheme: "http")
            ?? throw new InvalidOperationException("The portal's address is not known yet; set Zoom:Sandbox:PortalBaseUrl.");
    }

    /// <summary>The server's first listen address of <paramref name="preferredScheme"/> (else its first), callable; null before it listens.</summary>
    internal static string? ListenAddress(IServiceProvider services, string preferredScheme)
    {
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith(preferredScheme + "://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        return address is null ? null : NormaliseListenAddress(address);
    }

    /// <summary>Turns a listen address (http://0.0.0.0:5000, http://[::]:80, http://+:80) into one a client can call.</summary>
    internal static string NormaliseListenAddress(string address)
    {
        var m = ListenAddress().Match(address.Trim());
        if (!m.Success)
        {
            return address.TrimEnd('/');
        }
        var host = m.Groups["host"].Value switch
        {
            "0.0.0.0" => "127.0.0.1",
            "[::]" or "+" or "*" => "localhost",
            var h => h,
        };
        return $"{m.Groups["scheme"].Value}://{host}{m.Groups["port"].Value}{m.Groups["path"].Value.TrimEnd('/')}";
    }

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]*\]|[^/:]+)(?<port>:\d+)?(?<path>/.*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ListenAddress();
}
