using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Portal.Core.Zoom;

/// <summary>
/// The Zoom REST client behind every Zoom interface (one singleton, one partial file per area). API calls go through the
/// "Zoom.Api" client (auth handler, resilience pipeline, call log); downloads use the streaming "Zoom.Download" client.
/// Every request carries its target. This file is the transport: sending, reading answers, paging, errors.
/// </summary>
internal sealed partial class ZoomClient(
    IHttpClientFactory httpFactory,
    ZoomTokenProvider tokens,
    ZoomEndpoints endpoints,
    ZoomCallStatistics stats,
    IOptions<ZoomOptions> options,
    TimeProvider time,
    ILogger<ZoomClient> logger) : IZoomOAuth, IZoomUsers, IZoomMeetings, IZoomRecordings, IZoomAccountReports
{
    private const int PageSize = 300;

    private readonly ZoomOptions _options = options.Value;

    private Task<T> GetAsync<T>(ZoomTarget target, string pathAndQuery, ZoomRateCategory category, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class, new() =>
        SendAsync(target, HttpMethod.Get, pathAndQuery, category, null, type, ct);

    /// <summary>Sends one call and reads its answer; an empty or unreadable body reads as an answer without fields.</summary>
    private async Task<T> SendAsync<T>(ZoomTarget target, HttpMethod method, string pathAndQuery, ZoomRateCategory category, string? body,
        JsonTypeInfo<T> type, CancellationToken ct)
        where T : class, new()
    {
        using var response = await SendAsync(target, method, pathAndQuery, category, body, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return Read(bytes, type);
    }

    private static string Json<T>(T body, JsonTypeInfo<T> type) => JsonSerializer.Serialize(body, type);

    internal static T Read<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> type) where T : class, new()
    {
        if (json.IsEmpty)
        {
            return new T();
        }
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? new T();
        }
        catch (JsonException)
        {
            return new T();
        }
    }

    /// <summary>
    /// Every page of a list call, 300 at a time: follows <c>next_page_token</c> until Zoom sends none (or repeats the
    /// one just sent). Yields each page with the token of the next one.
    /// </summary>
    private async IAsyncEnumerable<(TPage Page, string? NextPageToken)> PagesAsync<TPage>(ZoomTarget target, string path,
        Dictionary<string, string> query, ZoomRateCategory category, JsonTypeInfo<TPage> type, [EnumeratorCancellation] CancellationToken ct)
        where TPage : class, IZoomPagedWire, new()
    {
        string? pageToken = null;
        do
        {
            query["page_size"] = PageSize.ToString(CultureInfo.InvariantCulture);
            if (pageToken is not null)
            {
                query["next_page_token"] = pageToken;
            }
            var page = await GetAsync(target, path + "?" + Query(query), category, type, ct);
            var next = NullIfEmpty(page.NextPageToken);
            pageToken = next == pageToken ? null : next;
            yield return (page, pageToken);
        }
        while (pageToken is not null);
    }

    /// <summary>Sends one API call; a non-success answer becomes a typed exception.</summary>
    internal async Task<HttpResponseMessage> SendAsync(ZoomTarget target, HttpMethod method, string pathAndQuery, ZoomRateCategory category, string? body, CancellationToken ct)
    {
        var token = await tokens.GetAsync(target, rejected: null, ct);
        // The path is already escaped (UUIDs may be double-encoded); an absolute Uri keeps %25 as it is.
        var uri = new Uri(endpoints.ApiBase(token.ApiUrl) + "/" + pathAndQuery, UriKind.Absolute);
        using var request = new HttpRequestMessage(method, uri);
        request.Options.Set(ZoomRequest.Target, target);
        request.Options.Set(ZoomRequest.Category, category);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        HttpResponseMessage response;
        try
        {
            response = await httpFactory.CreateClient(ZoomRequest.ApiClient).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
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

    /// <summary>Some calls answer HTTP 200 with a {code, message} error body instead of what was asked for.</summary>
    private static void ThrowIfErrorBody(IZoomErrorBodyWire answer, bool hasExpectedContent)
    {
        if (!hasExpectedContent && answer.Code is { } code && code != 0)
        {
            throw ZoomErrorReader.FromCode(HttpStatusCode.OK, code, answer.Message ?? "");
        }
    }

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
