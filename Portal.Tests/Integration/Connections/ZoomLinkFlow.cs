using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Connections;

/// <summary>Drives "Link a Zoom account" over HTTP: the portal's start form, the sandbox's authorize form, the callback.</summary>
public static class ZoomLinkFlow
{
    public sealed record Result(HttpStatusCode Status, string Location, Uri CallbackUrl);

    public static async Task<Uri> StartAsync(PortalHttpClient admin)
    {
        var token = await admin.GetAntiforgeryTokenAsync("account/sign-out");
        using var start = await admin.Http.PostAsync("connections/oauth/start",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        return start.Headers.Location!;
    }

    /// <summary>Answers the sandbox's authorize page and returns the callback URL it redirects to.</summary>
    public static async Task<Uri> AuthorizeAsync(PortalHttpClient browser, Uri authorizeUrl, bool approve = true, string account = "sandbox-account-1",
        bool userLevel = false)
    {
        var q = QueryHelpers.ParseQuery(authorizeUrl.Query);
        var form = new Dictionary<string, string>
        {
            ["client_id"] = q["client_id"].ToString(),
            ["redirect_uri"] = q["redirect_uri"].ToString(),
            ["state"] = q["state"].ToString(),
            ["code_challenge"] = q["code_challenge"].ToString(),
            ["code_challenge_method"] = q["code_challenge_method"].ToString(),
            ["account"] = account,
            ["decision"] = approve ? "approve" : "deny",
            ["scope_level"] = userLevel ? "user" : "admin",
        };
        Assert.Equal("S256", form["code_challenge_method"]);
        using var decision = await browser.Http.PostAsync(new Uri(authorizeUrl.GetLeftPart(UriPartial.Path)), new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, decision.StatusCode);
        return decision.Headers.Location!;
    }

    public static async Task<Result> CallbackAsync(PortalHttpClient browser, Uri callbackUrl)
    {
        using var response = await browser.Http.GetAsync(callbackUrl);
        return new Result(response.StatusCode, response.Headers.Location?.OriginalString ?? "", callbackUrl);
    }

    public static async Task<Result> LinkAsync(PortalHttpClient admin, bool approve = true, string account = "sandbox-account-1", bool userLevel = false)
    {
        var authorize = await StartAsync(admin);
        var callback = await AuthorizeAsync(admin, authorize, approve, account, userLevel);
        return await CallbackAsync(admin, callback);
    }

    public static int ConnectionIdFrom(Result result)
    {
        Assert.StartsWith("/connections/", result.Location);
        var path = result.Location.Split('?')[0];
        return int.Parse(path["/connections/".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
