using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Features.SessionMessages;

namespace Portal.Components.Pages.Sessions.Client;

public enum ReminderStopStage
{
    Confirm,
    Done,
    Invalid,
}

/// <summary>
/// The reminders' opt-out link (List-Unsubscribe and the footer): GET shows a confirmation with a button, POST (the button, or a mail
/// client's RFC 8058 one-click "List-Unsubscribe=One-Click") records the opt-out. Anonymous, limited like the join page.
/// </summary>
public static class ReminderStopEndpoints
{
    public static void MapReminderStopEndpoints(this WebApplication app)
    {
        const string Path = ClientReminderOptOuts.PathPrefix + "{token}";
        app.MapGet(Path, (string token, HttpContext http, ClientReminderOptOuts optOuts) =>
        {
            SessionsEndpoints.NoStoreNoIndex(http);
            var valid = optOuts.EmailOf(token) is not null;
            return Page(valid ? ReminderStopStage.Confirm : ReminderStopStage.Invalid, http, valid ? 200 : 404);
        }).AllowAnonymous().RequireRateLimiting(SessionsEndpoints.JoinRateLimitPolicy);

        // Mail providers post without a session or an antiforgery token; the unguessable token is the proof.
        app.MapPost(Path, async (string token, HttpContext http, ClientReminderOptOuts optOuts, CancellationToken ct) =>
        {
            SessionsEndpoints.NoStoreNoIndex(http);
            var done = await optOuts.OptOutAsync(token, ct);
            return Page(done ? ReminderStopStage.Done : ReminderStopStage.Invalid, http, done ? 200 : 404);
        }).AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SessionsEndpoints.JoinRateLimitPolicy);
    }

    private static RazorComponentResult<ReminderStopPage> Page(ReminderStopStage stage, HttpContext http, int status) =>
        new(new { Stage = stage, Action = (http.Request.PathBase + http.Request.Path).ToString() })
        {
            StatusCode = status,
        };
}
