using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Portal.ZoomSandbox.Endpoints;

/// <summary>The meeting "client": /s/{id} starts as host, /j/{id} joins; each step sends Zoom's webhooks (see ZoomSandboxControl.Meetings).</summary>
internal static class MeetingPages
{
    private const string Title = "Zoom sandbox meeting";

    public static void Map(RouteGroupBuilder root)
    {
        root.MapGet("/s/{id}", async (string id, ZoomSandboxControl control, CancellationToken ct) =>
        {
            var started = TryId(id, out var meetingId) && await control.HostStartsAsync(meetingId, ct);
            var end = started
                ? $"""<form method="post" action="{Encode(id)}/end"><button id="end-meeting" type="submit">End meeting for all</button></form>"""
                : "";
            return OAuthEndpoints.Html(200, Title, $"""<p id="started">Started meeting {Encode(id)} as host</p>{end}""");
        });
        root.MapPost("/s/{id}/end", async (string id, ZoomSandboxControl control, CancellationToken ct) =>
        {
            var ended = TryId(id, out var meetingId) && await control.EndMeetingAsync(meetingId, ct);
            return OAuthEndpoints.Html(200, Title, ended ? $"""<p id="ended">Meeting {Encode(id)} ended</p>""" : """<p id="ended">The meeting is not running</p>""");
        });
        root.MapGet("/j/{id}", async (HttpContext http, string id, string? pwd, string? uname, string? email, ZoomSandboxControl control, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(uname))
            {
                return OAuthEndpoints.Html(200, Title, $"""
                    <form method="get">
                    <input type="hidden" name="pwd" value="{Encode(pwd ?? "")}">
                    <p><label for="join-name">Your name</label> <input id="join-name" name="uname" required autocomplete="name"></p>
                    <p><label for="join-email">E-mail (optional)</label> <input id="join-email" name="email" type="email" autocomplete="email"></p>
                    <p><button id="join-submit" type="submit">Join</button></p>
                    </form>
                    """);
            }
            if (!TryId(id, out var meetingId) || await control.ParticipantJoinsAsync(meetingId, uname, email, ct) is not { } join)
            {
                return OAuthEndpoints.Html(200, Title, $"""<p id="joined">Joined meeting {Encode(id)} as a participant</p>""");
            }
            return Results.Redirect($"{control.Prefix}/j/{Uri.EscapeDataString(id)}/in?p={Uri.EscapeDataString(join.ParticipantUuid)}");
        });
        root.MapGet("/j/{id}/in", (string id, string p, ZoomSandboxControl control) =>
        {
            var waiting = TryId(id, out var meetingId) && control.IsWaiting(meetingId, p);
            var leave = $"""<form method="post" action="leave?p={Uri.EscapeDataString(p)}"><button id="leave-meeting" type="submit">Leave</button></form>""";
            return waiting
                ? OAuthEndpoints.Html(200, Title, $"""<meta http-equiv="refresh" content="2"><p id="waiting">Waiting for the host to start meeting {Encode(id)}</p>{leave}""")
                : OAuthEndpoints.Html(200, Title, $"""<p id="joined">Joined meeting {Encode(id)} as a participant</p>{leave}""");
        });
        root.MapPost("/j/{id}/leave", async (string id, string p, ZoomSandboxControl control, CancellationToken ct) =>
        {
            var left = TryId(id, out var meetingId) && await control.ParticipantLeavesAsync(meetingId, p, ct);
            return OAuthEndpoints.Html(200, Title, left ? """<p id="left">You left the meeting</p>""" : """<p id="left">You are not in this meeting</p>""");
        });
    }

    private static bool TryId(string id, out long meetingId) => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out meetingId);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
