using Microsoft.Extensions.Options;

namespace Portal.Core.Features.Notifications;

/// <summary>Absolute links to the portal's pages for messages, which are written where no request is at hand.</summary>
public interface IPortalLinks
{
    /// <summary>The absolute URL of <paramref name="path"/> ("/staff/12").</summary>
    string To(string path);
}

internal sealed class PortalLinks(IOptions<EmailOptions> options, IServiceProvider services) : IPortalLinks
{
    private string? _base;

    public string To(string path) => Base + "/" + path.TrimStart('/');

    private string Base => _base ??= Discover();

    private string Discover()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PortalUrl))
        {
            return options.Value.PortalUrl.TrimEnd('/');
        }
        return Zoom.ZoomEndpoints.ListenAddress(services, preferredScheme: "https") ?? "http://localhost";
    }
}
