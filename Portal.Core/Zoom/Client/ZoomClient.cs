using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Portal.Core.Zoom;

/// <summary>
/// The Zoom REST client. The <see cref="HttpClient"/> it gets is the "Zoom.Api" typed client (auth handler, resilience
/// pipeline, call log); downloads use the separate streaming "Zoom.Download" client. Every request carries its target.
/// </summary>
internal sealed partial class ZoomClient(
    HttpClient http,
    IHttpClientFactory httpFactory,
    ZoomTokenProvider tokens,
    ZoomEndpoints endpoints,
    ZoomCallStatistics stats,
    IOptions<ZoomOptions> options,
    TimeProvider time,
    ILogger<ZoomClient> logger) : IZoomClient
{
    private const int PageSize = 300;
    private const int MaxRedirects = 5;

    private readonly ZoomOptions _options = options.Value;

    // ---- Tokens and OAuth ----

    public async Task<ZoomTokenInfo> GetTokenInfoAsync(ZoomTarget target, CancellationToken ct = default)
    {
        var t = await tokens.GetAsync(target, rejected: null, ct);
        return new ZoomTokenInfo(t.Scopes, t.ApiUrl, t.ExpiresAt);
    }

    public void ForgetToken(ZoomTarget target) => tokens.Forget(target);

    public Uri BuildAuthorizeUrl(string state, string codeChallenge)
    {
        var (clientId, _) = tokens.OAuthApp();
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = RedirectUri(),
            ["state"] = state,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        };
        return new Uri(endpoints.OAuthBase + "/oauth/authorize?" + Query(query), UriKind.Absolute);
    }

    public Task<ZoomOAuthTokens> ExchangeCodeAsync(string code, string codeVerifier, CancellationToken ct = default) =>
        tokens.ExchangeCodeAsync(code, codeVerifier, RedirectUri(), ct);

    public Task<ZoomOAuthTokens> RefreshLinkAsync(LinkedAccountTarget target, CancellationToken ct = default) =>
        tokens.RefreshLinkAsync(target, ct);

    public Task RevokeAsync(string accessToken, CancellationToken ct = default) => tokens.RevokeAsync(accessToken, ct);

    private string RedirectUri()
    {
        var configured = _options.OAuthApp.RedirectUri;
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException("Zoom:OAuthApp:RedirectUri is not configured.");
        }
        return configured.StartsWith('/') ? endpoints.PortalBase + configured : configured;
    }

    // ---- Users ----

    public async IAsyncEnumerable<ZoomUserPage> ListUsersAsync(ZoomTarget target, ZoomUserStatus status, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? pageToken = null;
        do
        {
            var query = new Dictionary<string, string> { ["status"] = StatusName(status), ["page_size"] = PageSize.ToString(CultureInfo.InvariantCulture) };
            if (!string.IsNullOrEmpty(pageToken))
            {
                query["next_page_token"] = pageToken;
            }
            var root = await GetJsonAsync(target, "users?" + Query(query), ZoomRateCategory.Medium, ct);
            var users = root.Array("users").Select(u => MapUser(u, status)).ToList();
            var next = NullIfEmpty(root.Str("next_page_token"));
            if (next is not null && next == pageToken)
            {
                next = null;
            }
            pageToken = next;
            yield return new ZoomUserPage(users, root.Int("total_records") ?? users.Count, pageToken);
        }
        while (pageToken is not null);
    }

    public async Task<ZoomUser?> GetUserAsync(ZoomTarget target, string userIdOrEmail, CancellationToken ct = default)
    {
        try
        {
            var root = await GetJsonAsync(target, "users/" + Segment(userIdOrEmail), ZoomRateCategory.Light, ct);
            return MapUser(root, null);
        }
        catch (ZoomApiException ex) when (ex is not ZoomScopeException && (ex.Code == ZoomErrorCodes.UserNotFound || ex.Status == HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    public async Task<ZoomCreatedUser> CreateUserAsync(ZoomTarget target, ZoomNewUser user, CancellationToken ct = default)
    {
        var body = new
        {
            Action = "create",
            UserInfo = new { user.Email, Type = (int)user.Type, user.FirstName, user.LastName },
        };
        var root = await SendJsonAsync(target, HttpMethod.Post, "users", ZoomRateCategory.Light, body, ct);
        return new ZoomCreatedUser(NullIfEmpty(root.Str("id")), root.Str("email") ?? user.Email, root.Int("type") ?? (int)user.Type);
    }

    public async Task UpdateUserTypeAsync(ZoomTarget target, string userId, ZoomUserType type, CancellationToken ct = default) =>
        await SendJsonAsync(target, HttpMethod.Patch, "users/" + Segment(userId), ZoomRateCategory.Light, new { Type = (int)type }, ct);

    public async Task<ZoomUserSettings> GetUserSettingsAsync(ZoomTarget target, string userId, CancellationToken ct = default)
    {
        var root = await GetJsonAsync(target, "users/" + Segment(userId) + "/settings", ZoomRateCategory.Medium, ct);
        var recording = root.Prop("recording");
        var inMeeting = root.Prop("in_meeting");
        return new ZoomUserSettings(
            recording?.Bool("cloud_recording"),
            inMeeting?.Bool("waiting_room"),
            recording?.Str("auto_recording") is { } auto ? auto.Equals("cloud", StringComparison.OrdinalIgnoreCase) : null);
    }

    public async Task UpdateUserSettingsAsync(ZoomTarget target, string userId, ZoomUserSettingsUpdate update, CancellationToken ct = default)
    {
        var body = new Dictionary<string, object>();
        if (update.CloudRecordingAllowed is { } cloud)
        {
            body["recording"] = new { CloudRecording = cloud };
        }
        if (update.WaitingRoom is { } waiting)
        {
            body["in_meeting"] = new { WaitingRoom = waiting };
        }
        if (body.Count == 0)
        {
            return;
        }
        await SendJsonAsync(target, HttpMethod.Patch, "users/" + Segment(userId) + "/settings", ZoomRateCategory.Medium, body, ct);
    }

    public async Task<ZoomUsersSummary> GetUsersSummaryAsync(ZoomTarget target, CancellationToken ct = default)
    {
        var r = await GetJsonAsync(target, "users/summary", ZoomRateCategory.Medium, ct);
        return new ZoomUsersSummary(
            r.Int("licensed_users_count") ?? 0, r.Int("basic_users_count") ?? 0, r.Int("pending_users_count") ?? 0,
            r.Int("total_users_count") ?? 0, r.Int("on_prem_users_count") ?? 0, r.Int("room_users_count") ?? 0,
            r.Int("join_only_users_count") ?? 0);
    }

    // ---- Account usage ----

    public async Task<ZoomAccountUsage> GetAccountUsageAsync(ZoomTarget target, CancellationToken ct = default)
    {
        JsonElement root;
        try
        {
            root = await GetJsonAsync(target, "accounts/me/plans/usage", ZoomRateCategory.Heavy, ct);
        }
        catch (ZoomApiException refused) when ((int)refused.Status is >= 400 and < 500)
        {
            logger.LogInformation("Zoom plan usage refused for {Key} ({Code}); falling back to the users summary", target.Key, refused.Code);
            var summary = await GetUsersSummaryAsync(target, ct);
            return new ZoomAccountUsage([], null, summary.Licensed, null, summary,
                ["Licences purchased", "Free licences", "Licences per plan", "Cloud recording storage"],
                refused.ZoomMessage);
        }
        return ParsePlanUsage(root);
    }

    internal static ZoomAccountUsage ParsePlanUsage(JsonElement root)
    {
        var plans = new List<ZoomPlanLicences>();
        foreach (var name in new[] { "plan_base", "plan_zoom_one", "plan_united" })
        {
            var elements = root.Prop(name) switch
            {
                { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().ToList(),
                { ValueKind: JsonValueKind.Object } o => [o],
                _ => [],
            };
            plans.AddRange(elements.Select(p => new ZoomPlanLicences(name, p.Str("type"), p.Int("hosts") ?? 0, p.Int("usage") ?? 0, p.Int("pending"))));
        }
        var unknown = new List<string>();
        ZoomStorage? storage = null;
        if (root.Prop("plan_recording") is { ValueKind: JsonValueKind.Object } rec)
        {
            storage = new ZoomStorage(rec.Str("type"),
                ZoomSizeParser.Parse(rec.Str("free_storage")), ZoomSizeParser.Parse(rec.Str("free_storage_usage")),
                ZoomSizeParser.Parse(rec.Str("plan_storage")), ZoomSizeParser.Parse(rec.Str("plan_storage_usage")),
                ZoomSizeParser.Parse(rec.Str("plan_storage_exceed")), NullIfEmpty(rec.Str("max_exceed_date")));
            if (storage.AllottedBytes is null && !storage.Unlimited)
            {
                unknown.Add("Cloud recording storage");
            }
        }
        else
        {
            unknown.Add("Cloud recording storage");
        }
        if (plans.Count == 0)
        {
            unknown.Add("Licences per plan");
        }
        return new ZoomAccountUsage(plans,
            plans.Count == 0 ? null : plans.Sum(p => p.Purchased),
            plans.Count == 0 ? null : plans.Sum(p => p.Assigned),
            storage, null, unknown, null);
    }

    public async Task<IReadOnlyList<ZoomStorageDay>> GetCloudRecordingStorageReportAsync(ZoomTarget target, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var root = await GetJsonAsync(target, $"report/cloud_recording?from={Day(from)}&to={Day(to)}", ZoomRateCategory.Heavy, ct);
        return root.Array("cloud_recording_storage")
            .Select(d => new ZoomStorageDay(
                DateOnly.TryParseExact(d.Str("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : from,
                ZoomSizeParser.Parse(d.Str("usage")), ZoomSizeParser.Parse(d.Str("plan_usage")), ZoomSizeParser.Parse(d.Str("free_usage"))))
            .ToList();
    }

    // ---- Recordings ----

    public async Task<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsWindowAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (!ZoomMonthWindows.IsWithinOneMonth(from, to))
        {
            throw new ArgumentOutOfRangeException(nameof(to), "Zoom lists recordings for at most one month per request; use ListUserRecordingsAsync.");
        }
        return await ListRecordingsPagedAsync(target, userId, new Dictionary<string, string> { ["from"] = Day(from), ["to"] = Day(to) }, ct);
    }

    public async IAsyncEnumerable<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, [EnumeratorCancellation] CancellationToken ct = default)
    {
        foreach (var (windowFrom, windowTo) in ZoomMonthWindows.Split(from, to))
        {
            yield return await ListUserRecordingsWindowAsync(target, userId, windowFrom, windowTo, ct);
        }
    }

    public Task<IReadOnlyList<ZoomRecordingMeeting>> ListTrashAsync(ZoomTarget target, string userId, CancellationToken ct = default) =>
        ListRecordingsPagedAsync(target, userId, new Dictionary<string, string> { ["trash"] = "true", ["trash_type"] = "meeting_recordings" }, ct);

    private async Task<IReadOnlyList<ZoomRecordingMeeting>> ListRecordingsPagedAsync(ZoomTarget target, string userId, Dictionary<string, string> query, CancellationToken ct)
    {
        var meetings = new List<ZoomRecordingMeeting>();
        string? pageToken = null;
        do
        {
            query["page_size"] = PageSize.ToString(CultureInfo.InvariantCulture);
            if (pageToken is not null)
            {
                query["next_page_token"] = pageToken;
            }
            var root = await GetJsonAsync(target, "users/" + Segment(userId) + "/recordings?" + Query(query), ZoomRateCategory.Medium, ct);
            ThrowIfErrorBody(root, "meetings");
            meetings.AddRange(root.Array("meetings").Select(MapRecordingMeeting));
            var next = NullIfEmpty(root.Str("next_page_token"));
            pageToken = next == pageToken ? null : next;
        }
        while (pageToken is not null);
        return meetings;
    }

    public async Task<ZoomRecordingMeeting?> GetMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default)
    {
        try
        {
            var root = await GetJsonAsync(target, "meetings/" + ZoomUuid.EncodeForPath(meetingIdOrUuid) + "/recordings", ZoomRateCategory.Light, ct);
            ThrowIfErrorBody(root, "recording_files");
            return MapRecordingMeeting(root);
        }
        catch (ZoomApiException ex) when (ex.Code == ZoomErrorCodes.NoRecording)
        {
            return null;
        }
    }

    public async Task DeleteMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, bool permanently, CancellationToken ct = default)
    {
        using var _ = await SendAsync(target, HttpMethod.Delete,
            $"meetings/{ZoomUuid.EncodeForPath(meetingIdOrUuid)}/recordings?action={(permanently ? "delete" : "trash")}", ZoomRateCategory.Light, null, ct);
    }

    public async Task DeleteRecordingFileAsync(ZoomTarget target, string meetingUuid, string recordingFileId, bool permanently, CancellationToken ct = default)
    {
        using var _ = await SendAsync(target, HttpMethod.Delete,
            $"meetings/{ZoomUuid.EncodeForPath(meetingUuid)}/recordings/{Segment(recordingFileId)}?action={(permanently ? "delete" : "trash")}", ZoomRateCategory.Light, null, ct);
    }

    public async Task RecoverMeetingRecordingsAsync(ZoomTarget target, string meetingUuid, CancellationToken ct = default) =>
        await SendJsonAsync(target, HttpMethod.Put, $"meetings/{ZoomUuid.EncodeForPath(meetingUuid)}/recordings/status", ZoomRateCategory.Light, new { Action = "recover" }, ct);

    public async Task<ZoomDownload> DownloadAsync(ZoomTarget target, string downloadUrl, long? rangeFrom = null, long? rangeTo = null, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(downloadUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The download URL is not an absolute http(s) URL.", nameof(downloadUrl));
        }
        var token = await tokens.GetAsync(target, rejected: null, ct);
        if (!endpoints.IsZoomHost(uri, token.ApiUrl))
        {
            throw new ArgumentException($"The download URL's host '{uri.Host}' is not Zoom; the token is only ever sent to Zoom.", nameof(downloadUrl));
        }
        var client = httpFactory.CreateClient(ZoomRequest.DownloadClient);
        var response = await SendDownloadAsync(client, target, uri, token.AccessToken, rangeFrom, rangeTo, ct);
        if (await ZoomErrorReader.IsExpiredTokenAsync(response, ct))
        {
            response.Dispose();
            token = await tokens.GetAsync(target, rejected: token.AccessToken, ct);
            response = await SendDownloadAsync(client, target, uri, token.AccessToken, rangeFrom, rangeTo, ct);
        }
        var current = uri;
        for (var hop = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            if (hop >= MaxRedirects)
            {
                response.Dispose();
                throw new ZoomUnavailableException("Zoom's download redirected too many times.");
            }
            current = location.IsAbsoluteUri ? location : new Uri(current, location);
            response.Dispose();
            // The storage host gets no Authorization header: the signed Location is the credential.
            response = await SendDownloadAsync(client, target, current, bearer: null, rangeFrom, rangeTo, ct);
        }
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    throw await RateLimitErrorAsync(target, response, ZoomRateCategory.Light, ct);
                }
                if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                {
                    throw new ZoomRangeNotSatisfiableException(response.Content.Headers.ContentRange?.Length);
                }
                throw await ZoomErrorReader.ReadAsync(response, ct);
            }
        }
        var headers = response.Content.Headers;
        var stream = await response.Content.ReadAsStreamAsync(ct);
        return new ZoomDownload(stream, headers.ContentType?.ToString(), headers.ContentLength, headers.ContentRange?.ToString(),
            response.StatusCode == HttpStatusCode.PartialContent,
            (headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName)?.Trim('"'));
    }

    private static async Task<HttpResponseMessage> SendDownloadAsync(HttpClient client, ZoomTarget target, Uri uri, string? bearer, long? rangeFrom, long? rangeTo, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Options.Set(ZoomRequest.Target, target);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (rangeFrom is not null || rangeTo is not null)
        {
            request.Headers.Range = new RangeHeaderValue(rangeFrom ?? 0, rangeTo);
        }
        try
        {
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ZoomUnavailableException("The recording download could not be started.", ex);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    // ---- Meetings ----

    public async Task<ZoomMeeting> CreateMeetingAsync(ZoomTarget target, string hostUserId, ZoomMeetingRequest request, CancellationToken ct = default)
    {
        var body = new
        {
            request.Topic,
            Type = 2,
            StartTime = request.StartTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Duration = request.DurationMinutes,
            Timezone = request.TimeZone,
            request.Agenda,
            request.Password,
            Settings = new
            {
                request.Settings.WaitingRoom,
                request.Settings.JoinBeforeHost,
                request.Settings.AutoRecording,
                request.Settings.MeetingAuthentication,
            },
        };
        var root = await SendJsonAsync(target, HttpMethod.Post, "users/" + Segment(hostUserId) + "/meetings", ZoomRateCategory.Medium, body, ct);
        return MapMeeting(root);
    }

    public async Task<ZoomMeeting?> GetMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default)
    {
        try
        {
            return MapMeeting(await GetJsonAsync(target, "meetings/" + meetingId.ToString(CultureInfo.InvariantCulture), ZoomRateCategory.Light, ct));
        }
        catch (ZoomApiException ex) when (ex.Code == ZoomErrorCodes.MeetingNotFound || (ex.Code is null && ex.Status == HttpStatusCode.NotFound))
        {
            return null;
        }
    }

    public async Task UpdateMeetingAsync(ZoomTarget target, long meetingId, ZoomMeetingUpdate update, CancellationToken ct = default)
    {
        var body = new
        {
            update.Topic,
            StartTime = update.StartTime?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            Duration = update.DurationMinutes,
            Timezone = update.TimeZone,
            update.Agenda,
            update.ScheduleFor,
        };
        await SendJsonAsync(target, HttpMethod.Patch, "meetings/" + meetingId.ToString(CultureInfo.InvariantCulture), ZoomRateCategory.Light, body, ct);
    }

    public async Task<bool> DeleteMeetingAsync(ZoomTarget target, long meetingId, CancellationToken ct = default)
    {
        try
        {
            using var _ = await SendAsync(target, HttpMethod.Delete, "meetings/" + meetingId.ToString(CultureInfo.InvariantCulture), ZoomRateCategory.Light, null, ct);
            return true;
        }
        catch (ZoomApiException ex) when (ex.Code == ZoomErrorCodes.MeetingNotFound || (ex.Code is null && ex.Status == HttpStatusCode.NotFound))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ZoomMeeting>> ListUpcomingMeetingsAsync(ZoomTarget target, string hostUserId, CancellationToken ct = default)
    {
        var meetings = new List<ZoomMeeting>();
        string? pageToken = null;
        do
        {
            var query = new Dictionary<string, string> { ["type"] = "upcoming", ["page_size"] = PageSize.ToString(CultureInfo.InvariantCulture) };
            if (pageToken is not null)
            {
                query["next_page_token"] = pageToken;
            }
            var root = await GetJsonAsync(target, "users/" + Segment(hostUserId) + "/meetings?" + Query(query), ZoomRateCategory.Medium, ct);
            meetings.AddRange(root.Array("meetings").Select(MapMeeting));
            var next = NullIfEmpty(root.Str("next_page_token"));
            pageToken = next == pageToken ? null : next;
        }
        while (pageToken is not null);
        return meetings;
    }

    // ---- Statistics ----

    public ZoomCallStats GetCallStats(string targetKey) => stats.Get(targetKey);

    // ---- Sending ----

    private async Task<JsonElement> GetJsonAsync(ZoomTarget target, string pathAndQuery, ZoomRateCategory category, CancellationToken ct) =>
        await SendJsonAsync(target, HttpMethod.Get, pathAndQuery, category, null, ct);

    private async Task<JsonElement> SendJsonAsync(ZoomTarget target, HttpMethod method, string pathAndQuery, ZoomRateCategory category, object? body, CancellationToken ct)
    {
        using var response = await SendAsync(target, method, pathAndQuery, category, body, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (bytes.Length == 0)
        {
            return default;
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>Sends one API call; a non-success answer becomes a typed exception.</summary>
    internal async Task<HttpResponseMessage> SendAsync(ZoomTarget target, HttpMethod method, string pathAndQuery, ZoomRateCategory category, object? body, CancellationToken ct)
    {
        var token = await tokens.GetAsync(target, rejected: null, ct);
        // The path is already escaped (UUIDs may be double-encoded); an absolute Uri keeps %25 as it is.
        var uri = new Uri(endpoints.ApiBase(token.ApiUrl) + "/" + pathAndQuery, UriKind.Absolute);
        using var request = new HttpRequestMessage(method, uri);
        request.Options.Set(ZoomRequest.Target, target);
        request.Options.Set(ZoomRequest.Category, category);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, ZoomJson.Write), Encoding.UTF8, "application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or HttpRequestException
            || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new ZoomUnavailableException(method == HttpMethod.Post
                ? $"Zoom did not answer {method} {PathOnly(pathAndQuery)} in time. It may still have taken effect: look it up before repeating it."
                : $"Zoom could not be reached for {method} {PathOnly(pathAndQuery)} after retrying.", ex);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throw await RateLimitErrorAsync(target, response, category, ct);
            }
            if ((int)response.StatusCode >= 500)
            {
                throw new ZoomUnavailableException($"Zoom answered {(int)response.StatusCode} to {method} {PathOnly(pathAndQuery)}{(method == HttpMethod.Post ? " (not retried: look it up before repeating it)" : " after retrying")}.");
            }
            throw await ZoomErrorReader.ReadAsync(response, ct);
        }
    }

    private async Task<ZoomRateLimitException> RateLimitErrorAsync(ZoomTarget target, HttpResponseMessage response, ZoomRateCategory category, CancellationToken ct)
    {
        var verdict = await ZoomRateLimitClassifier.ClassifyAsync(response, time.GetUtcNow(), ct);
        if (verdict.Daily)
        {
            stats.RecordDailyLimitHit(target.Key);
            return new ZoomRateLimitException(
                $"Zoom's daily limit is reached ({(verdict.Message.Length > 0 ? verdict.Message : category + " requests")}); it resets at {verdict.ResetsAt:yyyy-MM-dd HH:mm} UTC.",
                category, daily: true, verdict.ResetsAt);
        }
        return new ZoomRateLimitException($"Zoom kept answering 'too many requests' ({category}) after waiting and retrying.", category, daily: false, verdict.ResetsAt);
    }

    /// <summary>Some calls answer HTTP 200 with a {code, message} error body.</summary>
    private static void ThrowIfErrorBody(JsonElement root, string expectedProperty)
    {
        if (root.ValueKind == JsonValueKind.Object && root.Prop(expectedProperty) is null && root.Int("code") is { } code && code != 0)
        {
            throw ZoomErrorReader.FromCode(HttpStatusCode.OK, code, root.Str("message") ?? "");
        }
    }

    // ---- Mapping ----

    private static ZoomUser MapUser(JsonElement u, ZoomUserStatus? fallback) => new(
        NullIfEmpty(u.Str("id")),
        u.Str("email") ?? "",
        u.Str("first_name"),
        u.Str("last_name"),
        u.Str("display_name"),
        u.Int("type") ?? (int)ZoomUserType.Basic,
        ParseStatus(u.Str("status")) ?? fallback ?? ZoomUserStatus.Active,
        u.Str("account_id"),
        u.Date("last_login_time"),
        u.Date("user_created_at") ?? u.Date("created_at"),
        NullIfEmpty(u.Str("timezone")));

    private static ZoomRecordingMeeting MapRecordingMeeting(JsonElement m)
    {
        var files = m.Array("recording_files").Select(f => new ZoomRecordingFile(
            f.Str("id") ?? "",
            f.Str("meeting_id") ?? m.Str("uuid") ?? "",
            f.Str("file_type") ?? "",
            f.Str("file_extension"),
            f.Long("file_size") ?? 0,
            f.Date("recording_start"),
            f.Date("recording_end"),
            f.Str("play_url"),
            f.Str("download_url"),
            f.Str("status"),
            f.Str("recording_type"))).ToList();
        return new ZoomRecordingMeeting(
            m.Str("uuid") ?? "",
            m.Long("id") ?? 0,
            m.Str("host_id"),
            m.Str("topic") ?? "",
            m.Date("start_time") ?? DateTimeOffset.MinValue,
            m.Int("duration") ?? 0,
            m.Long("total_size") ?? files.Sum(f => f.FileSize),
            m.Int("recording_count") ?? files.Count,
            m.Str("share_url"),
            files);
    }

    private static ZoomMeeting MapMeeting(JsonElement m) => new(
        m.Long("id") ?? 0,
        m.Str("uuid"),
        m.Str("host_id"),
        m.Str("host_email"),
        m.Str("topic") ?? "",
        m.Date("start_time"),
        m.Int("duration") ?? 0,
        m.Str("timezone"),
        m.Str("join_url") ?? "",
        m.Str("start_url"),
        m.Str("password"));

    private static ZoomUserStatus? ParseStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "active" => ZoomUserStatus.Active,
        "inactive" => ZoomUserStatus.Inactive,
        "pending" => ZoomUserStatus.Pending,
        _ => null,
    };

    private static string StatusName(ZoomUserStatus status) => status switch
    {
        ZoomUserStatus.Inactive => "inactive",
        ZoomUserStatus.Pending => "pending",
        _ => "active",
    };

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Query(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string PathOnly(string pathAndQuery) => "/" + pathAndQuery.Split('?')[0];
}
