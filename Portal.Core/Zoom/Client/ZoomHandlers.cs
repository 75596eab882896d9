using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Portal.Core.Zoom;

/// <summary>Adds the target's bearer token; on 401 code 124 gets one new token and retries once.</summary>
internal sealed class ZoomAuthHandler(ZoomTokenProvider tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.GetTarget() ?? throw new InvalidOperationException("A Zoom request must carry its ZoomTarget.");
        var token = await tokens.GetAsync(target, rejected: null, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (await ZoomErrorReader.IsExpiredTokenAsync(response, cancellationToken))
        {
            response.Dispose();
            token = await tokens.GetAsync(target, rejected: token.AccessToken, cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            response = await base.SendAsync(request, cancellationToken);
        }
        return response;
    }
}

/// <summary>
/// The only logger of Zoom HTTP traffic (the factory's default loggers are removed): method, path without query,
/// status and time. Never headers, never the query string (download URLs and OAuth calls may carry secrets there).
/// Also counts every attempt per target and category.
/// </summary>
internal sealed class ZoomCallLogHandler(ZoomCallStatistics stats, ILogger<ZoomCallLogHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = request.GetTarget();
        if (target is not null && request.GetCategory() is { } category)
        {
            stats.RecordCall(target.Key, category);
        }
        var started = Stopwatch.GetTimestamp();
        var path = request.RequestUri?.AbsolutePath ?? "";
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests && target is not null)
            {
                stats.RecordTooManyRequests(target.Key);
            }
            var level = (int)response.StatusCode >= 400 ? LogLevel.Information : LogLevel.Debug;
            logger.Log(level, "Zoom {Method} {Path} -> {Status} in {ElapsedMs:0} ms", request.Method.Method, path, (int)response.StatusCode, elapsed);
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            logger.LogInformation("Zoom {Method} {Path} failed after {ElapsedMs:0} ms: {Error}", request.Method.Method, path,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
            throw;
        }
    }
}
