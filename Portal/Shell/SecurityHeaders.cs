using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Portal.Auth;
using Portal.Core.Zoom;

namespace Portal.Shell;

/// <summary>
/// Security headers on every response: a Content-Security-Policy (scripts only from the portal itself plus a per-request
/// nonce for the inline import map; inline styles, which MudBlazor needs; forms may only go to the portal, Entra ID and
/// Zoom's OAuth pages), nosniff, a Referrer-Policy, and framing refused on the anonymous pages whose URL carries a token.
/// </summary>
public sealed class SecurityHeaders
{
    private const string NonceKey = "Portal.CspNonce";
    private static readonly string[] s_anonymousTokenPaths = ["/join", "/shared", "/reminders"];

    private readonly string _formAction;

    public SecurityHeaders(AzureAdSettings azureAd, ZoomOptions zoom)
    {
        // Chromium checks form-action also against where a form's answer redirects: sign-out goes on to Entra ID and
        // "Link a Zoom account" to Zoom's authorize page.
        var origins = new[]
            {
                azureAd.Instance,
                zoom.OAuthBaseUrl,
            }
            .Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase);
        _formAction = string.Join(' ', ["'self'", .. origins]);
    }

    /// <summary>This request's script nonce, for the few script elements that must stay inline (the import map).</summary>
    public static string Nonce(HttpContext http) =>
        http.Items.TryGetValue(NonceKey, out var value) && value is string nonce ? nonce : "";

    public static bool IsAnonymousTokenPage(PathString path) =>
        s_anonymousTokenPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        // Set when the response starts, so that the error page and status pages (which clear headers) get them too.
        http.Response.OnStarting(() =>
        {
            Apply(http, nonce);
            return Task.CompletedTask;
        });
        return next();
    }

    private void Apply(HttpContext http, string nonce)
    {
        var headers = http.Response.Headers;
        var anonymous = IsAnonymousTokenPage(http.Request.Path);
        var host = http.Request.Host.Value;
        var circuit = string.IsNullOrEmpty(host) ? "" : $" ws://{host} wss://{host}";
        headers.ContentSecurityPolicy =
            "default-src 'self'; " +
            $"script-src 'self' 'nonce-{nonce}'; " +
            "style-src 'self' 'unsafe-inline'; " +
            "img-src 'self' data:; " +
            "font-src 'self' data:; " +
            // The interactive circuit is a WebSocket back to this host.
            $"connect-src 'self'{circuit}; " +
            "object-src 'none'; " +
            "base-uri 'self'; " +
            $"form-action {_formAction}; " +
            $"frame-ancestors {(anonymous ? "'none'" : "'self'")}";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = anonymous ? "DENY" : "SAMEORIGIN";
        headers["Referrer-Policy"] = anonymous ? "no-referrer" : "strict-origin-when-cross-origin";
    }
}

public static class SecurityHeadersExtensions
{
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        var headers = new SecurityHeaders(app.Services.GetRequiredService<IOptions<AzureAdSettings>>().Value, app.Services.GetRequiredService<IOptions<ZoomOptions>>().Value);
        app.Use(headers.InvokeAsync);
        return app;
    }
}
