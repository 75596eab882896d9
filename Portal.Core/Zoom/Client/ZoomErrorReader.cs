using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Portal.Core.Zoom;

/// <summary>Turns Zoom's error bodies into typed exceptions: REST <c>{code,message,errors[]}</c> and OAuth <c>{reason,error}</c>.</summary>
internal static partial class ZoomErrorReader
{
    public static async Task<Exception> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync(ct);
        return FromBody(response.StatusCode, body, response.ReasonPhrase);
    }

    public static Exception FromBody(HttpStatusCode status, string body, string? reasonPhrase)
    {
        using var doc = ZoomJson.TryParse(body);
        var root = doc?.RootElement;
        if (root is { ValueKind: JsonValueKind.Object } r)
        {
            var code = r.Int("code");
            var message = r.Str("message") ?? r.Str("error_message");
            if (code is not null || message is not null)
            {
                return FromCode(status, code, message ?? reasonPhrase ?? "", ReadFieldErrors(r));
            }
            if (r.Str("error") is { } error)
            {
                return new ZoomOAuthException(status, error, r.Str("reason") ?? r.Str("error_description"));
            }
        }
        if ((int)status >= 500)
        {
            return new ZoomUnavailableException($"Zoom answered {(int)status} {reasonPhrase}.");
        }
        return new ZoomApiException(status, null, string.IsNullOrWhiteSpace(reasonPhrase) ? "Unexpected answer" : reasonPhrase);
    }

    public static ZoomApiException FromCode(HttpStatusCode status, int? code, string message, IReadOnlyList<ZoomFieldError>? errors = null) =>
        code is ZoomErrorCodes.MissingScopes or ZoomErrorCodes.MissingScopesOrEmptyToken
            ? new ZoomScopeException(status, code.Value, message, ParseScopes(message))
            : new ZoomApiException(status, code, message, errors);

    /// <summary>"Invalid access token, does not contain scopes:[a:b:admin, c:d]." gives [a:b:admin, c:d].</summary>
    public static IReadOnlyList<string> ParseScopes(string message)
    {
        var m = ScopeList().Match(message);
        return m.Success
            ? m.Groups[1].Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
    }

    /// <summary>Is this a 401 that a new token cures (code 124)?</summary>
    public static async Task<bool> IsExpiredTokenAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content is null)
        {
            return false;
        }
        await response.Content.LoadIntoBufferAsync(ct);
        using var doc = ZoomJson.TryParse(await response.Content.ReadAsStringAsync(ct));
        return doc?.RootElement.Int("code") == ZoomErrorCodes.AccessTokenInvalid;
    }

    private static List<ZoomFieldError> ReadFieldErrors(JsonElement root) =>
        root.Array("errors").Select(e => new ZoomFieldError(e.Str("field") ?? "", e.Str("message") ?? "")).ToList();

    [GeneratedRegex(@"scopes?\s*:?\s*\[([^\]]*)\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScopeList();
}
