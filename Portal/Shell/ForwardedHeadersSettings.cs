using System.Net;
using Microsoft.Extensions.Options;

namespace Portal.Shell;

/// <summary>The ForwardedHeaders section: which reverse proxies may tell the portal the client's address, scheme and host.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies in front of the portal, e.g. 10.0.0.5.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks the proxies are in, e.g. 10.0.0.0/24.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Host names accepted from X-Forwarded-Host; empty accepts whatever a known proxy sends.</summary>
    public List<string> AllowedHosts { get; set; } = [];
}

public sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i].Trim(), out _))
            {
                failures.Add($"{ForwardedHeadersSettings.Section}:KnownProxies:{i} ('{options.KnownProxies[i]}') is not an IP address, e.g. 10.0.0.5.");
            }
        }
        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!System.Net.IPNetwork.TryParse(options.KnownNetworks[i].Trim(), out _))
            {
                failures.Add($"{ForwardedHeadersSettings.Section}:KnownNetworks:{i} ('{options.KnownNetworks[i]}') is not a network in CIDR notation, e.g. 10.0.0.0/24.");
            }
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
