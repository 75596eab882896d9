using System.Net;

namespace Portal.Core.Zoom;

/// <summary>A Zoom REST error: body <c>{code, message}</c>, with the HTTP status.</summary>
public class ZoomApiException(HttpStatusCode status, int? code, string message, IReadOnlyList<ZoomFieldError>? errors = null)
    : Exception(code is null ? $"Zoom answered {(int)status}: {message}" : $"Zoom error {code} ({(int)status}): {message}")
{
    public HttpStatusCode Status { get; } = status;
    public int? Code { get; } = code;
    public string ZoomMessage { get; } = message;
    public IReadOnlyList<ZoomFieldError> Errors { get; } = errors ?? [];

    public bool IsNotFound => Status == HttpStatusCode.NotFound || Code is ZoomErrorCodes.UserNotFound or ZoomErrorCodes.MeetingNotFound or ZoomErrorCodes.NoRecording;
}

public sealed record ZoomFieldError(string Field, string Message);

/// <summary>The token call was missing scopes the endpoint needs (code 4711 / 4700).</summary>
public sealed class ZoomScopeException(HttpStatusCode status, int code, string message, IReadOnlyList<string> missingScopes)
    : ZoomApiException(status, code, message)
{
    public IReadOnlyList<string> MissingScopes { get; } = missingScopes;
}

/// <summary>The OAuth endpoints' error body <c>{reason, error}</c> (invalid_client, invalid_grant, ...).</summary>
public sealed class ZoomOAuthException(HttpStatusCode status, string error, string? reason)
    : Exception($"Zoom OAuth error '{error}' ({(int)status}): {reason}")
{
    public HttpStatusCode Status { get; } = status;
    public string Error { get; } = error;
    public string? Reason { get; } = reason;

    /// <summary>A plain-words explanation of what to fix.</summary>
    public string Advice => Error switch
    {
        "invalid_client" => "The Client ID or Client Secret is wrong, or the app is not activated in the Zoom App Marketplace.",
        "invalid_request" when (Reason ?? "").Contains("account", StringComparison.OrdinalIgnoreCase)
            => "Zoom does not know this Account ID. Copy it again from the app's App Credentials page.",
        "invalid_request" => "Zoom refused the request. Check the Account ID, Client ID and Client Secret.",
        "invalid_grant" => "The authorisation is no longer valid (revoked, expired or already used). Link the account again.",
        "unsupported_grant_type" => "The app is not a Server-to-Server OAuth app. Create one of that type.",
        _ => "Zoom refused the credentials.",
    };
}

/// <summary>A 429 that is not retried: a daily limit (account-wide, or 100 meeting creates/updates per host).</summary>
public sealed class ZoomRateLimitException(string message, ZoomRateCategory category, bool daily, DateTimeOffset? resetsAt)
    : Exception(message)
{
    public ZoomRateCategory Category { get; } = category;
    public bool Daily { get; } = daily;
    public DateTimeOffset? ResetsAt { get; } = resetsAt;
}

/// <summary>Zoom answered 416: the requested byte range starts past the end of the file (<see cref="Length"/> when Zoom said it).</summary>
public sealed class ZoomRangeNotSatisfiableException(long? length)
    : ZoomApiException(HttpStatusCode.RequestedRangeNotSatisfiable, null, "The requested range is past the end of the file.")
{
    public long? Length { get; } = length;
}

/// <summary>Zoom could not be reached or kept failing (5xx, timeouts) after the allowed retries.</summary>
public sealed class ZoomUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

public static class ZoomErrorCodes
{
    public const int AccessTokenInvalid = 124;
    public const int NoPermission = 200;
    public const int ValidationFailed = 300;
    public const int UserNotFound = 1001;
    public const int EmailAlreadyUsed = 1005;
    public const int UserNotInAccount = 1010;
    public const int InvitationExpired = 1120;
    public const int NoLicencesLeft = 2034;
    public const int MeetingCreateConstraint = 3000;
    public const int MeetingNotFound = 3001;
    public const int UserCannotHost = 3161;
    public const int NoRecording = 3301;
    public const int MissingScopes = 4711;
    public const int MissingScopesOrEmptyToken = 4700;
}

public enum ZoomRateCategory
{
    Light = 0,
    Medium = 1,
    Heavy = 2,
    ResourceIntensive = 3,
}
