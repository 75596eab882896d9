using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Core.Zoom;

/// <summary>
/// Tokens per target: reused until <see cref="ZoomOptions.TokenRefreshMargin"/> before expiry, one token request shared by
/// all concurrent callers, linked-account refreshes serialised per link with the rotated pair stored before use.
/// </summary>
internal sealed class ZoomTokenProvider(
    IHttpClientFactory httpFactory,
    ZoomEndpoints endpoints,
    ZoomCallStatistics stats,
    IServiceScopeFactory scopes,
    IOptions<ZoomOptions> options,
    TimeProvider time,
    ILogger<ZoomTokenProvider> logger)
{
    private readonly ZoomOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Slot> _slots = new();
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _linkLocks = new();

    private sealed class Slot
    {
        public readonly Lock Gate = new();
        public ZoomOAuthTokens? Current;
        public Task<ZoomOAuthTokens>? Inflight;
    }

    private static string CacheKey(ZoomTarget target) => target switch
    {
        ServerToServerTarget s => $"{s.Key}|{s.AccountId}|{s.ClientId}",
        _ => target.Key,
    };

    private bool IsFresh(ZoomOAuthTokens tokens) => tokens.ExpiresAt - _options.TokenRefreshMargin > time.GetUtcNow();

    /// <summary>A usable token; <paramref name="rejected"/> is a token Zoom just refused (code 124), which is never handed out again.</summary>
    public async Task<ZoomOAuthTokens> GetAsync(ZoomTarget target, string? rejected, CancellationToken ct)
    {
        var slot = _slots.GetOrAdd(CacheKey(target), _ => new Slot());
        Task<ZoomOAuthTokens> task;
        lock (slot.Gate)
        {
            var current = slot.Current;
            if (current is not null && IsFresh(current) && (rejected is null || current.AccessToken != rejected))
            {
                return current;
            }
            task = slot.Inflight ??= FetchIntoSlotAsync(slot, target, rejected ?? current?.AccessToken);
        }
        return await task.WaitAsync(ct);
    }

    public void Forget(ZoomTarget target)
    {
        if (_slots.TryGetValue(CacheKey(target), out var slot))
        {
            lock (slot.Gate)
            {
                slot.Current = null;
            }
        }
    }

    private async Task<ZoomOAuthTokens> FetchIntoSlotAsync(Slot slot, ZoomTarget target, string? stale)
    {
        // Run apart from any one caller's cancellation: every waiter shares this request.
        await Task.Yield();
        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout);
            var tokens = target switch
            {
                ServerToServerTarget s => await RequestServerToServerAsync(s, timeout.Token),
                LinkedAccountTarget l => await LinkedTokenAsync(l, stale, force: false, timeout.Token),
                _ => throw new NotSupportedException($"Unknown Zoom target {target.GetType().Name}."),
            };
            lock (slot.Gate)
            {
                slot.Current = tokens;
            }
            return tokens;
        }
        finally
        {
            lock (slot.Gate)
            {
                slot.Inflight = null;
            }
        }
    }

    private Task<ZoomOAuthTokens> RequestServerToServerAsync(ServerToServerTarget target, CancellationToken ct) =>
        PostTokenAsync(target.Key, target.ClientId, target.ClientSecret,
            [new("grant_type", "account_credentials"), new("account_id", target.AccountId)], ct);

    /// <summary>Loads the link's tokens; refreshes (rotation) when they are stale, refused or <paramref name="force"/>d. Serialised per link.</summary>
    public async Task<ZoomOAuthTokens> LinkedTokenAsync(LinkedAccountTarget target, string? stale, bool force, CancellationToken ct)
    {
        var gate = _linkLocks.GetOrAdd(target.ConnectionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetService<IZoomLinkTokenStore>()
                ?? throw new InvalidOperationException("No IZoomLinkTokenStore is registered for linked Zoom accounts.");
            var stored = await store.LoadAsync(target.ConnectionId, ct)
                ?? throw new ZoomOAuthException(System.Net.HttpStatusCode.Unauthorized, "invalid_grant", "This Zoom account is not linked (no stored tokens).");
            if (!force && IsFresh(stored) && stored.AccessToken != stale)
            {
                return stored;
            }
            if (string.IsNullOrEmpty(stored.RefreshToken))
            {
                throw new ZoomOAuthException(System.Net.HttpStatusCode.Unauthorized, "invalid_grant", "The stored link has no refresh token.");
            }
            var (clientId, clientSecret) = OAuthApp();
            var fresh = await PostTokenAsync(target.Key, clientId, clientSecret,
                [new("grant_type", "refresh_token"), new("refresh_token", stored.RefreshToken)], ct);
            // Zoom rotates the refresh token; keep the old one only if the answer carried none.
            fresh = fresh with { RefreshToken = fresh.RefreshToken ?? stored.RefreshToken };
            await store.SaveAsync(target.ConnectionId, fresh, CancellationToken.None);
            logger.LogInformation("Zoom link {Key}: tokens refreshed and stored", target.Key);
            return fresh;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forced refresh from outside (RefreshLinkAsync); the cache takes the new pair.</summary>
    public async Task<ZoomOAuthTokens> RefreshLinkAsync(LinkedAccountTarget target, CancellationToken ct)
    {
        var fresh = await LinkedTokenAsync(target, stale: null, force: true, ct);
        var slot = _slots.GetOrAdd(CacheKey(target), _ => new Slot());
        lock (slot.Gate)
        {
            slot.Current = fresh;
        }
        return fresh;
    }

    public Task<ZoomOAuthTokens> ExchangeCodeAsync(string code, string codeVerifier, string redirectUri, CancellationToken ct)
    {
        var (clientId, clientSecret) = OAuthApp();
        return PostTokenAsync("oauth-app", clientId, clientSecret,
            [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri), new("code_verifier", codeVerifier)], ct);
    }

    public async Task RevokeAsync(string accessToken, CancellationToken ct)
    {
        var (clientId, clientSecret) = OAuthApp();
        // The token goes in the form (RFC 7009) and in the query (Zoom's documented example), so either reading of Zoom revokes it;
        // the outgoing HTTP logs replace query strings, so it is never logged.
        var uri = new Uri(endpoints.OAuthBase + "/oauth/revoke?token=" + Uri.EscapeDataString(accessToken), UriKind.Absolute);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new FormUrlEncodedContent([new("token", accessToken)]),
        };
        request.Headers.Authorization = Basic(clientId, clientSecret);
        using var response = await httpFactory.CreateClient(ZoomRequest.OAuthClient).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await ZoomErrorReader.ReadAsync(response, ct);
        }
    }

    public (string ClientId, string ClientSecret) OAuthApp()
    {
        var app = _options.OAuthApp;
        if (!app.IsConfigured)
        {
            throw new InvalidOperationException("The portal's Zoom OAuth app is not configured (Zoom:OAuthApp:ClientId and ClientSecret).");
        }
        return (app.ClientId!, app.ClientSecret!);
    }

    private async Task<ZoomOAuthTokens> PostTokenAsync(string statsKey, string clientId, string clientSecret, KeyValuePair<string, string>[] form, CancellationToken ct)
    {
        stats.RecordTokenRequest(statsKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoints.OAuthBase + "/oauth/token", UriKind.Absolute))
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = Basic(clientId, clientSecret);
        HttpResponseMessage response;
        try
        {
            response = await httpFactory.CreateClient(ZoomRequest.OAuthClient).SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new ZoomUnavailableException("Zoom's token service could not be reached.", ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested || ex is TaskCanceledException { InnerException: TimeoutException })
        {
            throw new ZoomUnavailableException("Zoom's token service did not answer in time.", ex);
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                var error = ZoomErrorReader.FromBody(response.StatusCode, body, response.ReasonPhrase);
                throw error is ZoomApiException api
                    ? new ZoomOAuthException(response.StatusCode, api.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "invalid_request", api.ZoomMessage)
                    : error;
            }
            using var doc = ZoomJson.TryParse(body) ?? throw new ZoomOAuthException(response.StatusCode, "invalid_response", "The token answer was not JSON.");
            var root = doc.RootElement;
            var access = root.Str("access_token");
            if (string.IsNullOrEmpty(access) || root.ValueKind != JsonValueKind.Object)
            {
                throw new ZoomOAuthException(response.StatusCode, "invalid_response", "The token answer had no access_token.");
            }
            var expiresIn = root.Long("expires_in") ?? 3599;
            return new ZoomOAuthTokens(access, root.Str("refresh_token"), time.GetUtcNow().AddSeconds(expiresIn),
                root.Str("scope") ?? "", root.Str("api_url"));
        }
    }

    private static AuthenticationHeaderValue Basic(string clientId, string clientSecret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));
}
