using System.Net;
using Portal.Core.Text;

namespace Portal.Core.Zoom;

/// <summary>What kind of "no" Zoom gave; pages and endpoints decide on this (status codes, offers), never on exceptions.</summary>
public enum ZoomRefusalKind
{
    /// <summary>Zoom refused for a reason of its own (its code and message are in the reason).</summary>
    Refused = 0,
    ScopeMissing,
    UserNotFound,
    MeetingNotFound,
    RecordingNotFound,

    /// <summary>Zoom answered 404 for something else.</summary>
    NotFound,
    CannotHost,
    NoLicencesLeft,
    EmailInUse,

    /// <summary>Zoom kept answering "too many requests" after the client's retries.</summary>
    RateLimited,
    DailyLimit,

    /// <summary>Zoom refused the connection's credentials or token (wrong secret, app deactivated, link revoked).</summary>
    CredentialsRefused,

    /// <summary>Zoom could not be reached, did not answer in time or answered 5xx.</summary>
    Unavailable,

    /// <summary>A byte range past the end of a recording file (answered 416 with the length).</summary>
    RangeNotSatisfiable,
}

/// <summary>
/// Zoom's refusal in the portal's words: a plain <see cref="Reason"/> and the <see cref="Fix"/> (what the person should do).
/// Made only by <see cref="From"/>, so every feature says the same thing about the same failure.
/// </summary>
public sealed record ZoomRefusal(ZoomRefusalKind Kind, string Reason, string Fix)
{
    /// <summary>When a rate or daily limit resets (UTC).</summary>
    public DateTimeOffset? RetryAt { get; init; }

    public IReadOnlyList<string> MissingScopes { get; init; } = [];

    /// <summary>Zoom's own error code (REST) when it gave one.</summary>
    public int? ZoomCode { get; init; }

    /// <summary>The file's length when a byte range was past its end and Zoom said it.</summary>
    public long? FileLength { get; init; }

    public string Text => $"{Reason} {Fix}";

    public override string ToString() => Text;

    /// <summary>Is this one of the failures a Zoom call ends with (for catch filters)?</summary>
    public static bool IsZoomFailure(Exception ex) =>
        ex is ZoomApiException or ZoomOAuthException or ZoomRateLimitException or ZoomUnavailableException or HttpRequestException or TimeoutException;

    /// <summary>
    /// The refusal for a failed Zoom call, or null when <paramref name="ex"/> is not a Zoom failure. <paramref name="who"/> names
    /// the Zoom user concerned (a host, a staff member) where the wording needs one.
    /// </summary>
    public static ZoomRefusal? From(Exception ex, TimeProvider clock, string? who = null) => ex switch
    {
        ZoomScopeException s => ScopeMissing(s.MissingScopes) with { ZoomCode = s.Code },
        ZoomRangeNotSatisfiableException r => RangeNotSatisfiable(r.Length),
        ZoomApiException a => FromApi(a, who) with { ZoomCode = a.Code },
        ZoomOAuthException o => CredentialsRefused($"Zoom refused the connection's credentials ({o.Error}).", o.Advice),
        ZoomRateLimitException { Daily: true } r => DailyLimit(r.ResetsAt ?? NextUtcMidnight(clock), who),
        ZoomRateLimitException r => RateLimited(r.ResetsAt),
        ZoomUnavailableException or HttpRequestException or TimeoutException => Unavailable(),
        _ => null,
    };

    /// <summary>The refusal of a kind when only the kind is known (e.g. carried in a link): the same words, without Zoom's details.</summary>
    public static ZoomRefusal Of(ZoomRefusalKind kind, TimeProvider clock) => kind switch
    {
        ZoomRefusalKind.ScopeMissing => ScopeMissing([]),
        ZoomRefusalKind.UserNotFound => UserNotFound(null),
        ZoomRefusalKind.MeetingNotFound => MeetingNotFound(),
        ZoomRefusalKind.RecordingNotFound => RecordingNotFound(),
        ZoomRefusalKind.NotFound => NotFound(),
        ZoomRefusalKind.CannotHost => CannotHost(null),
        ZoomRefusalKind.NoLicencesLeft => NoLicencesLeft(),
        ZoomRefusalKind.EmailInUse => EmailInUse(),
        ZoomRefusalKind.RateLimited => RateLimited(null),
        ZoomRefusalKind.DailyLimit => DailyLimit(NextUtcMidnight(clock), null),
        ZoomRefusalKind.CredentialsRefused => CredentialsRefused("Zoom refused the connection's credentials.", null),
        ZoomRefusalKind.Unavailable => Unavailable(),
        ZoomRefusalKind.RangeNotSatisfiable => RangeNotSatisfiable(null),
        _ => Refused(null, null),
    };

    private static ZoomRefusal FromApi(ZoomApiException a, string? who) => a switch
    {
        { Code: ZoomErrorCodes.UserNotFound or ZoomErrorCodes.UserNotInAccount } => UserNotFound(who),
        { Code: ZoomErrorCodes.MeetingNotFound } => MeetingNotFound(),
        { Code: ZoomErrorCodes.NoRecording } => RecordingNotFound(),
        { Code: ZoomErrorCodes.UserCannotHost } => CannotHost(who),
        { Code: ZoomErrorCodes.NoLicencesLeft } => NoLicencesLeft(),
        { Code: ZoomErrorCodes.EmailAlreadyUsed } => EmailInUse(),
        { Status: HttpStatusCode.Unauthorized } or { Code: ZoomErrorCodes.AccessTokenInvalid }
            => CredentialsRefused($"Zoom refused the connection's access token ({a.ZoomMessage.TrimEnd('.')}).", null),
        { Status: HttpStatusCode.NotFound } => NotFound(),
        _ => Refused(a.ZoomMessage, a.Code),
    };

    private static ZoomRefusal ScopeMissing(IReadOnlyList<string> scopes)
    {
        var features = ZoomScopes.FeaturesOf(scopes);
        var what = features.Count == 0 ? "a permission this needs" : "the permission for " + string.Join(" and ", features.Select(f => $"\u201c{f}\u201d"));
        var reason = scopes.Count == 0
            ? "The connection's Zoom app or link lacks a permission (scope) this needs."
            : $"The connection's Zoom app or link lacks {what}: Zoom wants the {Plural.Noun(scopes.Count, "scope")} {string.Join(", ", scopes)}.";
        return new(ZoomRefusalKind.ScopeMissing, reason,
            "To grant it, open the connection's Server-to-Server OAuth app in Zoom's App Marketplace, add "
            + (scopes.Count > 1 ? "the scopes" : "the scope")
            + " under Scopes and save; for an account linked by signing in, link it again and approve the admin permissions. "
            + "Then verify the connection on the Connections page.") { MissingScopes = scopes };
    }

    private static ZoomRefusal UserNotFound(string? who) => new(ZoomRefusalKind.UserNotFound,
        $"Zoom has no user for {who ?? "this person"} in this Zoom account.",
        "Re-check the staff member on the Staff page; invite them to Zoom if they are not there.");

    private static ZoomRefusal MeetingNotFound() => new(ZoomRefusalKind.MeetingNotFound,
        "Zoom has no such meeting any more: it was deleted in Zoom.", "Schedule the session again if it is still needed.");

    private static ZoomRefusal RecordingNotFound() => new(ZoomRefusalKind.RecordingNotFound,
        "Zoom has no such recording any more (already deleted?).", "Reload the recordings to see what Zoom has now.");

    private static ZoomRefusal NotFound() => new(ZoomRefusalKind.NotFound,
        "Zoom no longer has what was asked for: it was deleted or moved in Zoom.", "Reload the page to see what Zoom has now.");

    private static ZoomRefusal CannotHost(string? who) => new(ZoomRefusalKind.CannotHost,
        $"Zoom does not allow {who ?? "this user"} to host meetings.", "Give them a licence or choose another host.");

    private static ZoomRefusal NoLicencesLeft() => new(ZoomRefusalKind.NoLicencesLeft,
        "No licences left: every licence of the Zoom account is assigned.", "Reclaim one from an inactive user (Licence reclaiming) or buy more.");

    private static ZoomRefusal EmailInUse() => new(ZoomRefusalKind.EmailInUse,
        "Zoom says this address already has a Zoom account (perhaps in another account).", "Re-check the member.");

    private static ZoomRefusal RateLimited(DateTimeOffset? resetsAt) => new(ZoomRefusalKind.RateLimited,
        "Zoom is busy: the portal reached Zoom's rate limit.",
        resetsAt is { } at ? $"Try again after {at.UtcDateTime:HH:mm} UTC." : "Try again in a minute.") { RetryAt = resetsAt };

    private static ZoomRefusal DailyLimit(DateTimeOffset resetsAt, string? who) => new(ZoomRefusalKind.DailyLimit,
        $"Zoom's daily limit{(who is null ? "" : $" for {who}")} is used up.",
        $"Try again after {resetsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, when Zoom resets it.") { RetryAt = resetsAt };

    /// <summary>Zoom's OAuth advice names the fix when it said why (wrong secret, revoked link); the connection is re-verified after.</summary>
    private static ZoomRefusal CredentialsRefused(string reason, string? advice) => new(ZoomRefusalKind.CredentialsRefused, reason,
        (advice is null ? "Enter the connection's credentials again or link the account again." : advice)
        + " Then verify the connection again on the Connections page.");

    private static ZoomRefusal Unavailable() => new(ZoomRefusalKind.Unavailable,
        "Zoom could not be reached or did not answer in time.",
        "Try again in a few minutes; if it keeps failing, check Zoom's status page (status.zoom.us).");

    private static ZoomRefusal RangeNotSatisfiable(long? length) => new(ZoomRefusalKind.RangeNotSatisfiable,
        "The requested part of the recording file lies past its end.", "Download the file from its beginning.") { FileLength = length };

    private static ZoomRefusal Refused(string? zoomMessage, int? code) => new(ZoomRefusalKind.Refused,
        zoomMessage is null ? "Zoom refused the request." : $"Zoom refused: {zoomMessage.TrimEnd('.')}{(code is { } c ? $" (code {c})" : "")}.",
        "Correct what Zoom names and try again; if it persists, look the code up in Zoom's API documentation.");

    private static DateTimeOffset NextUtcMidnight(TimeProvider clock) => new(clock.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
}

/// <summary>The answer of a feature action that needed Zoom: done, or Zoom's refusal.</summary>
public record ZoomResult(ZoomRefusal? Refusal)
{
    public bool Succeeded => Refusal is null;

    public static ZoomResult Done { get; } = new((ZoomRefusal?)null);

    public static ZoomResult<T> Ok<T>(T value) where T : class => new(value, null);
}

/// <summary>The answer of a feature query that needed Zoom: the value, or Zoom's refusal.</summary>
public sealed record ZoomResult<T>(T? Value, ZoomRefusal? Refusal) : ZoomResult(Refusal) where T : class
{
    public static ZoomResult<T> Refused(ZoomRefusal refusal) => new(null, refusal);
}
