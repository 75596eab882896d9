using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Auth;
using Portal.Core.Features.Connections;

namespace Portal.Components.Pages.Connections;

/// <summary>Linking a Zoom account: start (form POST) and Zoom's redirect back.</summary>
public static class ConnectionsEndpoints
{
    public const string BindingCookie = "Portal.ZoomLink";
    private const string CookiePath = "/connections/oauth";

    public static void MapConnectionsEndpoints(this WebApplication app)
    {
        var oauth = app.MapGroup(CookiePath).RequireAuthorization(Policies.Admin);

        oauth.MapPost("/start", async (HttpContext http, IAntiforgery antiforgery, IZoomLinkService links, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.BadRequest("The form expired or did not come from this site. Reload the connections page and try again.");
            }
            if (!links.IsConfigured)
            {
                return Results.LocalRedirect("/connections/link-failed?reason=NotConfigured");
            }
            var start = await links.StartAsync(http.User.FindObjectId(), ct);
            http.Response.Cookies.Append(BindingCookie, start.BrowserBinding, new CookieOptions
            {
                HttpOnly = true,
                Secure = http.Request.IsHttps,
                SameSite = SameSiteMode.Lax,
                Path = CookiePath,
                Expires = start.ExpiresAt,
                IsEssential = true,
            });
            return Results.Redirect(start.AuthorizeUrl.AbsoluteUri);
        }).DisableAntiforgery();

        oauth.MapGet("/callback", async (HttpContext http, IZoomLinkService links, CancellationToken ct) =>
        {
            var q = http.Request.Query;
            var outcome = await links.CompleteAsync(new LinkCallback(
                q["state"].FirstOrDefault(), q["code"].FirstOrDefault(), q["error"].FirstOrDefault(), q["error_description"].FirstOrDefault(),
                http.Request.Cookies[BindingCookie], http.User.FindObjectId()), ct);
            http.Response.Cookies.Delete(BindingCookie, new CookieOptions { Path = CookiePath, Secure = http.Request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Lax });
            if (outcome.Succeeded)
            {
                return Results.LocalRedirect($"/connections/{outcome.ConnectionId}?linked={(outcome.Updated ? "updated" : "new")}");
            }
            var query = new Dictionary<string, string?> { ["reason"] = outcome.Failure.ToString() };
            if (outcome.Failure == LinkFailure.AccountAlreadyConnected)
            {
                query["existing"] = outcome.ConnectionId?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (!string.IsNullOrEmpty(outcome.ZoomError))
            {
                query["error"] = outcome.ZoomError;
            }
            if (!string.IsNullOrEmpty(outcome.ZoomReason))
            {
                query["detail"] = outcome.ZoomReason.Length > 300 ? outcome.ZoomReason[..300] : outcome.ZoomReason;
            }
            return Results.LocalRedirect(QueryHelpers.AddQueryString("/connections/link-failed", query));
        });
    }
}
