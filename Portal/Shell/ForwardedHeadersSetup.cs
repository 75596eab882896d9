using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Portal.Core.Settings;

namespace Portal.Shell;

/// <summary>
/// Honours X-Forwarded-For, -Proto and -Host from the configured proxies only: the client's address then reaches rate
/// limits and the audit log, cookies get Secure behind an https proxy, and sign-in redirect URIs use the public scheme
/// and host. Nothing is trusted unless configured (ASP.NET's loopback defaults are replaced).
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddPortalForwardedHeaders(this IServiceCollection services)
    {
        services.AddSectionOptions<ForwardedHeadersSettings>(ForwardedHeadersSettings.Section);
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }
            foreach (var network in settings.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
            foreach (var host in settings.Value.AllowedHosts)
            {
                options.AllowedHosts.Add(host.Trim());
            }
        });
        // Antiforgery's cookie is never Secure by default; like the sign-in cookie, it follows the (forwarded) scheme.
        services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline, so that everything after it (HTTPS redirection, sign-in, rate limits) sees the client.</summary>
    public static void UsePortalForwardedHeaders(this WebApplication app) => app.UseForwardedHeaders();
}
