using System.Net;
using System.Net.Http.Headers;

namespace Portal.Core.Zoom;

internal sealed partial class ZoomClient
{
    private const int MaxRedirects = 5;

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
}
