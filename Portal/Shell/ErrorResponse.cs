using System.Diagnostics;
using System.Net;

namespace Portal.Shell;

/// <summary>The friendly error page: plain HTML written directly, so it works for any method and never re-runs the failing pipeline.</summary>
public static class ErrorResponse
{
    public static async Task WriteAsync(HttpContext http)
    {
        var reference = WebUtility.HtmlEncode(Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (!http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            await Results.Problem(title: "The portal hit an unexpected error.", extensions: new Dictionary<string, object?> { ["reference"] = reference })
                .ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($$"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong · Portal</title>
            <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#111827}
            a{color:#1D4ED8}code{background:#F3F4F6;padding:.1rem .3rem}</style></head>
            <body><h1>Something went wrong</h1>
            <p>The portal hit an unexpected error and did not finish this request. Nothing you entered was half-saved.</p>
            <p>If it keeps happening, tell your IT administrator and quote this reference: <code>{{reference}}</code></p>
            <p><a href="/">Go to your home page</a></p></body></html>
            """);
    }
}
