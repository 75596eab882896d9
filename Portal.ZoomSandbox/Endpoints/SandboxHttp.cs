using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.ZoomSandbox.Endpoints;

/// <summary>What an authorised API handler gets.</summary>
internal sealed record ApiCall(HttpContext Http, ZoomSandboxControl Control, SandboxState State, SandboxToken Token, SandboxAccount Account)
{
    public string? Query(string name)
    {
        var value = Http.Request.Query[name].ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public DateTimeOffset Now => Control.Now;

    public string BaseUrl => SandboxHttp.BaseUrl(Http);
}

internal static class SandboxHttp
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string BaseUrl(HttpContext http) =>
        $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.RequestServices.GetRequiredService<ZoomSandboxControl>().Prefix}";

    public static IResult Ok(object body, int status = 200) => Results.Json(body, Json, statusCode: status);

    public static IResult Error(int status, int code, string message) =>
        Results.Json(new { code, message }, Json, statusCode: status);

    public static IResult UserNotFound(string userId) => Error(404, 1001, $"User does not exist: {userId}.");

    public static IResult InvalidBody() => Error(400, 300, "Request Body should be a valid JSON object.");

    public static IResult OAuthError(int status, string error, string reason) =>
        Results.Json(new { reason, error }, Json, statusCode: status);

    public static IResult NoContent() => Results.StatusCode(204);

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Day(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static async Task<JsonObject?> ReadJsonAsync(HttpContext http)
    {
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return node as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The raw (still percent-encoded) path segment after <paramref name="marker"/>, decoded as Zoom does for UUIDs.</summary>
    public static string MeetingIdFromRawPath(HttpContext http, string marker, string routeValue)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            raw = raw[..q];
        }
        var at = raw.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return DecodeUuid(routeValue);
        }
        var rest = raw[(at + marker.Length)..];
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        return DecodeUuid(end >= 0 ? rest[..end] : rest);
    }

    /// <summary>UUIDs never contain '%', so decode until none is left (once, or twice for double-encoded ones).</summary>
    public static string DecodeUuid(string value)
    {
        for (var i = 0; i < 2 && value.Contains('%', StringComparison.Ordinal); i++)
        {
            value = Uri.UnescapeDataString(value);
        }
        return value;
    }

    /// <summary>Maps an API endpoint behind counting, faults, bearer auth, scopes and rate limits.</summary>
    public static void Api(this RouteGroupBuilder v2, string method, string template, SandboxRateCategory category,
        string[] scopes, Func<ApiCall, Task<IResult>> handler)
    {
        v2.MapMethods(template, [method], async (HttpContext http) =>
        {
            var control = http.RequestServices.GetRequiredService<ZoomSandboxControl>();
            control.Count(method, template);
            var gated = await GateAsync(http, control, method, category, scopes);
            if (gated.Result is not null)
            {
                return gated.Result;
            }
            try
            {
                return await handler(gated.Call!);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
            {
                return Error(400, 300, "Validation Failed.");
            }
        });
    }

    private static async Task<(IResult? Result, ApiCall? Call)> GateAsync(HttpContext http, ZoomSandboxControl control, string method,
        SandboxRateCategory category, string[] scopes)
    {
        var (latency, fault) = control.NextFault(method, http.Request.Path.Value ?? "");
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, http.RequestAborted);
        }
        if (fault is not null)
        {
            return (Error(fault.StatusCode, fault.Code, fault.Message), null);
        }
        var (token, authError) = Authenticate(http, control);
        if (authError is not null)
        {
            return (authError, null);
        }
        var state = control.State;
        SandboxAccount account;
        lock (state.Gate)
        {
            account = state.FindAccount(token!.AccountId)!;
        }
        if (scopes.Length > 0 && !scopes.Any(token!.Scopes.Contains))
        {
            var wanted = scopes.Where(s => s.Count(c => c == ':') >= 2).DefaultIfEmpty(scopes[0]);
            return (Error(400, 4711, $"Invalid access token, does not contain scopes:[{string.Join(", ", wanted)}]."), null);
        }
        if (scopes.Length > 0 && !scopes.Where(SandboxState.IsAccountWide).Any(token!.Scopes.Contains) && !ActsOnlyOnOwner(http, control, token))
        {
            // A user-level scope covers the token's owner only ("me"); anyone else needs the account-wide scope.
            var wanted = scopes.Where(s => SandboxState.IsAccountWide(s) && s.Count(c => c == ':') >= 3).DefaultIfEmpty(scopes[0]);
            return (Error(400, 4711, $"Invalid access token, does not contain scopes:[{string.Join(", ", wanted)}]."), null);
        }
        if (control.IsDailyLimited(account.Id, category))
        {
            SetRateHeaders(http, category, "Daily-limit", null);
            http.Response.Headers.RetryAfter = Iso(new DateTimeOffset(control.Now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero));
            return (Error(429, 429, "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request."), null);
        }
        var (allowed, limit) = control.TryTake(account.Id, category);
        if (!allowed)
        {
            SetRateHeaders(http, category, "QPS", limit);
            http.Response.Headers.RetryAfter = "1";
            return (Error(429, 429, "You have reached the maximum per-second rate limit for this API. Try again later."), null);
        }
        return (null, new ApiCall(http, control, state, token!, account));
    }

    /// <summary>For a user-level token: the path names "me" (never another user), and a meeting in it is the owner's.</summary>
    private static bool ActsOnlyOnOwner(HttpContext http, ZoomSandboxControl control, SandboxToken token)
    {
        var values = http.Request.RouteValues;
        if (values.TryGetValue("userId", out var userId) && !string.Equals(userId?.ToString(), "me", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (values.TryGetValue("accountId", out var accountId) && !string.Equals(accountId?.ToString(), "me", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var meetingKey = values.TryGetValue("meetingId", out var m) ? m?.ToString() : values.TryGetValue("meetingUUID", out var u) ? u?.ToString() : null;
        if (meetingKey is null)
        {
            return true;
        }
        var key = DecodeUuid(meetingKey);
        var state = control.State;
        lock (state.Gate)
        {
            var account = state.FindAccount(token.AccountId);
            var owner = token.UserId ?? (account is null ? null : account.ByEmail.GetValueOrDefault(account.OwnerEmail)?.Id);
            string? host = null;
            if (long.TryParse(key, System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out var numeric) && state.Meetings.TryGetValue(numeric, out var meeting))
            {
                host = meeting.HostId;
            }
            host ??= state.Recordings.FirstOrDefault(r => r.Uuid == key || r.MeetingId.ToString(CultureInfo.InvariantCulture) == key)?.HostId;
            // Unknown meetings fall through to the handler's own 404.
            return host is null || host == owner;
        }
    }

    private static void SetRateHeaders(HttpContext http, SandboxRateCategory category, string type, double? limit)
    {
        http.Response.Headers["X-RateLimit-Category"] = category.ToString();
        http.Response.Headers["X-RateLimit-Type"] = type;
        if (limit is { } l)
        {
            http.Response.Headers["X-RateLimit-Limit"] = Math.Ceiling(l).ToString(CultureInfo.InvariantCulture);
        }
        http.Response.Headers["X-RateLimit-Remaining"] = "0";
    }

    /// <summary>Bearer token from the header (or the legacy access_token query for downloads).</summary>
    public static (SandboxToken? Token, IResult? Error) Authenticate(HttpContext http, ZoomSandboxControl control, bool allowQueryToken = false)
    {
        var header = http.Request.Headers.Authorization.ToString();
        string? value = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            value = header["Bearer ".Length..].Trim();
        }
        else if (allowQueryToken && http.Request.Query.TryGetValue("access_token", out var q))
        {
            value = q.ToString();
        }
        if (string.IsNullOrEmpty(value))
        {
            return (null, Error(401, 124, "Invalid access token."));
        }
        var state = control.State;
        lock (state.Gate)
        {
            if (!state.Tokens.TryGetValue(value, out var token) || token.Revoked)
            {
                return (null, Error(401, 124, "Invalid access token."));
            }
            if (token.ExpiresAt <= control.Now)
            {
                return (null, Error(401, 124, "Access token is expired."));
            }
            return (token, null);
        }
    }
}
