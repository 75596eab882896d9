using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Portal.ZoomSandbox.Endpoints;

/// <summary>HTTP mirror of <see cref="ZoomSandboxControl"/> for out-of-process callers (benchmarks).</summary>
internal static class ControlEndpoints
{
    public static void Map(RouteGroupBuilder root)
    {
        var g = root.MapGroup("/_sandbox");
        g.MapPost("/reset", (ZoomSandboxControl c) => { c.Reset(); return Results.NoContent(); });
        g.MapPost("/rate-limits", (ZoomSandboxControl c, double? light, double? medium, double? heavy) =>
        {
            c.SetRateLimits(light, medium, heavy);
            return Results.NoContent();
        });
        g.MapPost("/seed-users", (ZoomSandboxControl c, string? account_id, int count) =>
        {
            c.SeedUsers(account_id ?? SandboxState.Account1, count);
            return Results.NoContent();
        });
        g.MapPost("/expire-tokens", (ZoomSandboxControl c) => { c.ExpireAllTokens(); return Results.NoContent(); });
        g.MapPost("/daily-limit", (ZoomSandboxControl c, SandboxRateCategory category, string? account_id) =>
        {
            c.InjectDailyLimit(category, account_id);
            return Results.NoContent();
        });
        g.MapPost("/server-errors", (ZoomSandboxControl c, string path, int count, int? status) =>
        {
            c.InjectServerErrors(path, count, status ?? 500);
            return Results.NoContent();
        });
        g.MapPost("/revoke-failure", (ZoomSandboxControl c, int? status, int? count) =>
        {
            c.InjectRevokeFailure(status ?? 503, count ?? 1);
            return Results.NoContent();
        });
        g.MapPost("/user-level-scopes", (ZoomSandboxControl c, bool enabled) =>
        {
            c.GrantUserLevelScopesOnly = enabled;
            return Results.NoContent();
        });
        g.MapPost("/latency", (ZoomSandboxControl c, int ms, string? path) =>
        {
            c.SetLatency(TimeSpan.FromMilliseconds(ms), path);
            return Results.NoContent();
        });
        g.MapPost("/plan-usage-refused", (ZoomSandboxControl c, bool refused, string? client_id) =>
        {
            c.SetPlanUsageRefused(refused, client_id);
            return Results.NoContent();
        });
        g.MapPost("/meetings/{id:long}/start", async (ZoomSandboxControl c, long id, CancellationToken ct) =>
            await c.HostStartsAsync(id, ct) ? Results.NoContent() : Results.NotFound());
        g.MapPost("/meetings/{id:long}/join", async (ZoomSandboxControl c, long id, string name, string? email, CancellationToken ct) =>
            await c.ParticipantJoinsAsync(id, name, email, ct) is { } join ? Results.Json(join) : Results.NotFound());
        g.MapPost("/meetings/{id:long}/leave", async (ZoomSandboxControl c, long id, string participant_uuid, CancellationToken ct) =>
            await c.ParticipantLeavesAsync(id, participant_uuid, ct) ? Results.NoContent() : Results.NotFound());
        g.MapPost("/meetings/{id:long}/end", async (ZoomSandboxControl c, long id, CancellationToken ct) =>
            await c.EndMeetingAsync(id, ct) ? Results.NoContent() : Results.NotFound());
        g.MapPost("/past-participants-refused", (ZoomSandboxControl c, bool refused) =>
        {
            c.PastParticipantsRefused = refused;
            return Results.NoContent();
        });
        g.MapGet("/counts", (ZoomSandboxControl c) => Results.Json(new
        {
            token_requests = c.TokenRequests,
            requests = c.AllRequestCounts(),
        }));
        g.MapPost("/counts/reset", (ZoomSandboxControl c) => { c.ResetRequestCounts(); return Results.NoContent(); });
        // A session's meeting recorded now; with webhook_url and secret, Zoom's signed recording.completed is sent there too.
        g.MapPost("/meetings/{meetingId:long}/recording", async (ZoomSandboxControl c, long meetingId, int? minutes, string? webhook_url, string? secret,
            CancellationToken ct) =>
        {
            if (c.RecordMeeting(meetingId, minutes ?? 30) is not { } uuid)
            {
                return Results.NotFound();
            }
            var delivered = webhook_url is { Length: > 0 } && secret is { Length: > 0 }
                ? (await c.SendRecordingCompletedAsync(webhook_url, secret, uuid, ct)).StatusCode
                : (int?)null;
            return Results.Json(new { uuid, webhook_status = delivered });
        });
        g.MapGet("/users/count", (ZoomSandboxControl c, string? account_id, string? status) =>
            Results.Text(c.UserCount(account_id ?? SandboxState.Account1, status).ToString(CultureInfo.InvariantCulture)));
    }
}
