using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Auth;
using Portal.Core.Features.Sessions;

namespace Portal.Components.Pages.Sessions;

public static class SessionsEndpoints
{
    public const string JoinRateLimitPolicy = "sessions-join";

    /// <summary>The join page's rate limit: a fixed window per client IP address.</summary>
    public static IServiceCollection AddSessionsWeb(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SessionsOptions>>((o, sessions) =>
        {
            var limit = sessions.Value.JoinRateLimit;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, ct) => new ValueTask(WriteNeutralAsync(context.HttpContext, StatusCodes.Status429TooManyRequests,
                "Too many attempts", "Please wait a minute and try the link again.", ct));
            o.AddPolicy(JoinRateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 }));
        });
        return services;
    }

    public static void MapSessionsEndpoints(this WebApplication app)
    {
        // The start link carries the host's Zoom key, so it is fetched fresh at the moment of the click and never rendered.
        app.MapGet("/sessions/{id:long}/start", async (long id, ISessionService sessions, CancellationToken ct) =>
        {
            var result = await sessions.GetStartLinkAsync(id, ct);
            return result switch
            {
                { StartUrl: { } url } => Results.Redirect(url.AbsoluteUri),
                { Refusal: SessionRefusal.NotFound } => Results.NotFound(),
                { Refusal: SessionRefusal.NotAllowed } => Results.StatusCode(StatusCodes.Status403Forbidden),
                _ => Results.Redirect($"/sessions/{id}?start={Uri.EscapeDataString(result.Zoom?.Kind.ToString() ?? result.Refusal.ToString())}"),
            };
        }).RequireAuthorization(Policies.Staff);

        // The client's page itself is ClientSessionPage (/join/{token}); these two are its "Join now" and "Add to calendar".
        app.MapGet("/join/{token}/zoom", async (string token, HttpContext http, ISessionService sessions, CancellationToken ct) =>
        {
            NoStoreNoIndex(http);
            var joinUrl = await sessions.JoinFromClientPageAsync(token, ct);
            if (joinUrl is not null)
            {
                http.Response.Redirect(joinUrl);
                return;
            }
            // Too early, ended or cancelled: the page says which; an invalid link gets the same neutral answer as the page.
            http.Response.Redirect($"/join/{Uri.EscapeDataString(token)}");
        }).AllowAnonymous().RequireRateLimiting(JoinRateLimitPolicy);

        app.MapGet("/join/{token}/calendar.ics", async (string token, HttpContext http, ISessionService sessions, CancellationToken ct) =>
        {
            NoStoreNoIndex(http);
            var link = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/join/{Uri.EscapeDataString(token)}");
            var calendar = await sessions.ClientCalendarAsync(token, link, ct);
            if (calendar is null)
            {
                await WriteInvalidLinkAsync(http, ct);
                return;
            }
            http.Response.ContentType = "text/calendar; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"calendar.ics\"";
            await http.Response.WriteAsync(calendar, ct);
        }).AllowAnonymous().RequireRateLimiting(JoinRateLimitPolicy);
    }

    /// <summary>The client's link is private to the client: no shared caches, no search engines.</summary>
    public static void NoStoreNoIndex(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Robots-Tag"] = "noindex";
    }

    private static Task WriteInvalidLinkAsync(HttpContext http, CancellationToken ct) =>
        WriteNeutralAsync(http, StatusCodes.Status404NotFound, ClientLinkTexts.InvalidTitle, ClientLinkTexts.InvalidText, ct);

    /// <summary>A plain page that says the same thing for every kind of invalid link.</summary>
    private static Task WriteNeutralAsync(HttpContext http, int status, string title, string text, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>{{WebUtility.HtmlEncode(title)}}</title>
            <style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f1f1f}h1{font-size:1.5rem}</style>
            </head><body><main><h1 id="join-title">{{WebUtility.HtmlEncode(title)}}</h1><p>{{WebUtility.HtmlEncode(text)}}</p></main></body></html>
            """;
        return http.Response.WriteAsync(html, ct);
    }
}

/// <summary>The one answer for every link that does not work (wrong, expired, unknown), on the page and its downloads alike.</summary>
public static class ClientLinkTexts
{
    public const string InvalidTitle = "This link does not work";
    public const string InvalidText = "The link may be mistyped, expired or cancelled. Please ask the person who sent it to you for a new link.";
}
