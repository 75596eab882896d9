using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.ZoomSandbox;

/// <summary>
/// Test and benchmark control of the Zoom sandbox: reset, fault injection, rate limits, request counts, token expiry,
/// bulk seeding, revocations seen and signed webhooks. Registered as a singleton.
/// </summary>
public sealed partial class ZoomSandboxControl : IDisposable
{
    private readonly SandboxState _state;
    private readonly SandboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly object _faultGate = new();
    private readonly List<InjectedFault> _faults = [];
    private readonly Dictionary<(string Account, SandboxRateCategory Category), Bucket> _buckets = [];
    private readonly HashSet<(string? Account, SandboxRateCategory Category)> _dailyLimits = [];
    private readonly HttpClient _webhookClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private double?[] _rates = new double?[3];
    private TimeSpan _latency;
    private string? _latencyPath;
    private bool _planUsageRefusedForAll;
    private readonly HashSet<string> _planUsageRefusedClients = new(StringComparer.Ordinal);

    internal ZoomSandboxControl(SandboxState state, SandboxOptions options, TimeProvider time)
    {
        _state = state;
        _options = options;
        _time = time;
        TokenLifetime = TimeSpan.FromSeconds(options.TokenLifetimeSeconds);
        MeetingWritesPerHostPerDay = 100;
        ApplyConfiguredRates();
        lock (_state.Gate)
        {
            _state.Seed(_time.GetUtcNow());
        }
    }

    internal SandboxState State => _state;

    internal string Prefix { get; set; } = "";

    internal DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Lifetime of new access tokens (default from Zoom:Sandbox:TokenLifetimeSeconds, 3600).</summary>
    public TimeSpan TokenLifetime { get; set; }

    /// <summary>Meeting creates and updates allowed per host per UTC day (Zoom: 100).</summary>
    public int MeetingWritesPerHostPerDay { get; set; }

    /// <summary>
    /// The OAuth app's approvals grant user-level scopes only (no ":admin"), as a user-managed app would; the authorize page
    /// preselects that choice. Such tokens act only on "me" (other users: 400 code 4711).
    /// </summary>
    public bool GrantUserLevelScopesOnly { get; set; }

    /// <summary>Restores the seeded data and removes every fault, limit, count and token.</summary>
    public void Reset()
    {
        lock (_state.Gate)
        {
            _state.Seed(_time.GetUtcNow());
        }
        lock (_faultGate)
        {
            _faults.Clear();
            _buckets.Clear();
            _dailyLimits.Clear();
            _latency = TimeSpan.Zero;
            _latencyPath = null;
            _planUsageRefusedForAll = false;
            _planUsageRefusedClients.Clear();
        }
        _counts.Clear();
        lock (_sent)
        {
            _sent.Clear();
        }
        PastParticipantsRefused = false;
        TokenLifetime = TimeSpan.FromSeconds(_options.TokenLifetimeSeconds);
        MeetingWritesPerHostPerDay = 100;
        GrantUserLevelScopesOnly = false;
        ApplyConfiguredRates();
    }

    // ---- Rate limits and faults ----

    /// <summary>Requests per second per account for each category; null = unlimited.</summary>
    public void SetRateLimits(double? light, double? medium, double? heavy)
    {
        lock (_faultGate)
        {
            _rates = [light, medium, heavy];
            _buckets.Clear();
        }
    }

    /// <summary>Every request of the category (for one account, or all) answers 429 Daily-limit until cleared.</summary>
    public void InjectDailyLimit(SandboxRateCategory category, string? accountId = null)
    {
        lock (_faultGate)
        {
            _dailyLimits.Add((accountId, category));
        }
    }

    public void ClearDailyLimits()
    {
        lock (_faultGate)
        {
            _dailyLimits.Clear();
        }
    }

    /// <summary>The next <paramref name="count"/> API requests whose path contains the text answer a 5xx.</summary>
    public void InjectServerErrors(string pathContains, int count, int statusCode = 500) =>
        InjectError(null, pathContains, statusCode, statusCode, "Internal Server Error", count);

    /// <summary>The next <paramref name="count"/> requests matching method (null = any) and path text answer {code, message}.</summary>
    public void InjectError(string? method, string pathContains, int statusCode, int code, string message, int count = 1)
    {
        lock (_faultGate)
        {
            _faults.Add(new InjectedFault(method, pathContains, statusCode, code, message) { Remaining = count });
        }
    }

    /// <summary>The next <paramref name="count"/> calls to POST /oauth/revoke answer a 5xx (still counted as requests).</summary>
    public void InjectRevokeFailure(int statusCode = 503, int count = 1) =>
        InjectError("POST", "/oauth/revoke", statusCode, statusCode, "Service Unavailable", count);

    /// <summary>Every revoke call waits this long before answering (until reset), so a caller's timeout gives up first.</summary>
    public void DelayRevokes(TimeSpan delay) => SetLatency(delay, "/oauth/revoke");

    /// <summary>Calls to POST /oauth/revoke received, also failed ones.</summary>
    public int RevokeAttempts => RequestCount("POST", "/oauth/revoke");

    /// <summary>Delay before every API answer (optionally only for paths containing the text).</summary>
    public void SetLatency(TimeSpan latency, string? pathContains = null)
    {
        lock (_faultGate)
        {
            _latency = latency;
            _latencyPath = pathContains;
        }
    }

    /// <summary>Plan usage answers 400 code 200 "Only available for paid account" (for one app, or all).</summary>
    public void SetPlanUsageRefused(bool refused, string? clientId = null)
    {
        lock (_faultGate)
        {
            if (clientId is null)
            {
                _planUsageRefusedForAll = refused;
                if (!refused)
                {
                    _planUsageRefusedClients.Clear();
                }
            }
            else if (refused)
            {
                _planUsageRefusedClients.Add(clientId);
            }
            else
            {
                _planUsageRefusedClients.Remove(clientId);
            }
        }
    }

    // ---- Tokens ----

    /// <summary>Every token issued so far is expired now: the next API call gets 401 code 124 "Access token is expired.".</summary>
    public void ExpireAllTokens()
    {
        lock (_state.Gate)
        {
            var now = _time.GetUtcNow();
            foreach (var token in _state.Tokens.Values)
            {
                token.ExpiresAt = now.AddSeconds(-1);
            }
        }
    }

    /// <summary>Calls to POST /oauth/token (all grants, also refused ones).</summary>
    public int TokenRequests
    {
        get
        {
            lock (_state.Gate)
            {
                return _state.TokenRequests;
            }
        }
    }

    public IReadOnlyList<SandboxRevocation> Revocations
    {
        get
        {
            lock (_state.Gate)
            {
                return [.. _state.Revocations];
            }
        }
    }

    // ---- Data ----

    /// <summary>Adds <paramref name="count"/> users (80% active, 10% inactive, 10% pending) to the account, fast.</summary>
    public void SeedUsers(string accountId, int count)
    {
        lock (_state.Gate)
        {
            var account = _state.FindAccount(accountId) ?? throw new ArgumentException($"Unknown sandbox account {accountId}.", nameof(accountId));
            SandboxSeed.AddBulkUsers(_state, account, count, _time.GetUtcNow());
        }
    }

    /// <summary>Users of an account with the status ("active", "inactive", "pending"), or all.</summary>
    public int UserCount(string accountId, string? status = null)
    {
        lock (_state.Gate)
        {
            var account = _state.FindAccount(accountId);
            return account is null ? 0 : account.Users.Count(u => status is null || u.Status == status);
        }
    }

    /// <summary>Licences purchased per plan (plan_base, plan_zoom_one, plan_united).</summary>
    public void SetPlanHosts(string accountId, int planBase, int zoomOne, int united)
    {
        lock (_state.Gate)
        {
            var account = _state.FindAccount(accountId) ?? throw new ArgumentException($"Unknown sandbox account {accountId}.", nameof(accountId));
            account.PlanBaseHosts = planBase;
            account.ZoomOneHosts = zoomOne;
            account.UnitedHosts = united;
        }
    }

    /// <summary>A user's type (1 Basic, 2 Licensed) and status as the sandbox holds them; null when unknown.</summary>
    public (string? Id, int Type, string Status)? FindUser(string accountId, string email)
    {
        lock (_state.Gate)
        {
            var user = _state.FindAccount(accountId)?.ByEmail.GetValueOrDefault(email);
            return user is null ? null : (user.Id, user.Type, user.Status);
        }
    }

    /// <summary>Meetings currently held (created through the API) for a host e-mail.</summary>
    public int MeetingCount(string? hostEmail = null)
    {
        lock (_state.Gate)
        {
            return _state.Meetings.Values.Count(m => hostEmail is null || string.Equals(m.HostEmail, hostEmail, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Recording file ids of a user (live, not trashed) for tests.</summary>
    public IReadOnlyList<string> RecordingUuids(string accountId, string email)
    {
        lock (_state.Gate)
        {
            var user = _state.FindAccount(accountId)?.ByEmail.GetValueOrDefault(email);
            return user is null ? [] : [.. _state.Recordings.Where(r => r.HostId == user.Id && r.Live.Any()).Select(r => r.Uuid)];
        }
    }

    // ---- Request counts ----

    /// <summary>Requests received for a method and path template, e.g. ("GET", "/users") or ("GET", "/users/{userId}/recordings").</summary>
    public int RequestCount(string method, string pathTemplate) =>
        _counts.GetValueOrDefault($"{method.ToUpperInvariant()} {pathTemplate}");

    /// <summary>All counts keyed "METHOD /template".</summary>
    public IReadOnlyDictionary<string, int> AllRequestCounts() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public void ResetRequestCounts() => _counts.Clear();

    // ---- Webhooks ----

    /// <summary>Posts a Zoom-signed event (x-zm-signature v0 HMAC, x-zm-request-timestamp in seconds) to the URL.</summary>
    public async Task<SandboxWebhookResult> SendWebhookAsync(string url, string secretToken, string eventName, string payloadJson, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        var body = $"{{\"event\":\"{eventName}\",\"event_ts\":{now.ToUnixTimeMilliseconds()},\"payload\":{payloadJson}}}";
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Sign(secretToken, timestamp, body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-zm-signature", signature);
        request.Headers.Add("x-zm-request-timestamp", timestamp);
        using var response = await _webhookClient.SendAsync(request, ct);
        return new SandboxWebhookResult((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct), signature, timestamp);
    }

    public static string Sign(string secretToken, string timestamp, string body)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretToken), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}"));
        return "v0=" + Convert.ToHexStringLower(hash);
    }

    public void Dispose() => _webhookClient.Dispose();

    // ---- Internals used by the request gate ----

    internal void Count(string method, string template) =>
        _counts.AddOrUpdate($"{method} {template}", 1, (_, n) => n + 1);

    internal (TimeSpan Latency, InjectedFault? Fault) NextFault(string method, string path)
    {
        lock (_faultGate)
        {
            var latency = _latencyPath is null || path.Contains(_latencyPath, StringComparison.OrdinalIgnoreCase) ? _latency : TimeSpan.Zero;
            var fault = _faults.FirstOrDefault(f => f.Remaining > 0
                && (f.Method is null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase))
                && path.Contains(f.PathContains, StringComparison.OrdinalIgnoreCase));
            if (fault is not null)
            {
                fault.Remaining--;
            }
            return (latency, fault);
        }
    }

    internal bool IsDailyLimited(string accountId, SandboxRateCategory category)
    {
        lock (_faultGate)
        {
            return _dailyLimits.Contains((null, category)) || _dailyLimits.Contains((accountId, category));
        }
    }

    /// <summary>Token bucket per account and category, one second of burst.</summary>
    internal (bool Allowed, double? Limit) TryTake(string accountId, SandboxRateCategory category)
    {
        lock (_faultGate)
        {
            var rate = _rates[(int)category];
            if (rate is not { } perSecond)
            {
                return (true, null);
            }
            var now = _time.GetTimestamp();
            if (!_buckets.TryGetValue((accountId, category), out var bucket))
            {
                bucket = new Bucket { Tokens = Math.Max(1, perSecond), LastTimestamp = now };
                _buckets[(accountId, category)] = bucket;
            }
            var elapsed = _time.GetElapsedTime(bucket.LastTimestamp, now).TotalSeconds;
            bucket.Tokens = Math.Min(Math.Max(1, perSecond), bucket.Tokens + elapsed * perSecond);
            bucket.LastTimestamp = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return (true, perSecond);
            }
            return (false, perSecond);
        }
    }

    internal bool IsPlanUsageRefused(string clientId)
    {
        lock (_faultGate)
        {
            return _planUsageRefusedForAll || _planUsageRefusedClients.Contains(clientId);
        }
    }

    private void ApplyConfiguredRates() =>
        SetRateLimits(_options.RateLimits.Light, _options.RateLimits.Medium, _options.RateLimits.Heavy);

    internal sealed record InjectedFault(string? Method, string PathContains, int StatusCode, int Code, string Message)
    {
        public int Remaining { get; set; }
    }

    private sealed class Bucket
    {
        public double Tokens { get; set; }
        public long LastTimestamp { get; set; }
    }
}
