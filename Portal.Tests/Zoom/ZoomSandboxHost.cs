using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Zoom;
using Portal.Tests.Zoom.Contract;
using Portal.ZoomSandbox;

namespace Portal.Tests.Zoom;

/// <summary>
/// The Zoom sandbox hosted on its own (127.0.0.1, random port, mapped at the root) for client tests over real HTTP.
/// The sandbox and every client stack made here share one clock: the system's for the class fixture, or a test's own
/// (<see cref="StartAtAsync"/>).
/// </summary>
public sealed class ZoomSandboxHost : IAsyncLifetime, IAsyncDisposable
{
    public const string Account1 = "sandbox-account-1";
    public const string Domain = "writing.example.edu";

    private WebApplication? _app;

    public ZoomSandboxHost() : this(TimeProvider.System)
    {
    }

    private ZoomSandboxHost(TimeProvider clock) => Clock = clock;

    public TimeProvider Clock { get; }

    /// <summary>The sandbox's UTC date.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public string BaseUrl { get; private set; } = "";

    public ZoomSandboxControl Control => _app!.Services.GetRequiredService<ZoomSandboxControl>();

    public static async Task<ZoomSandboxHost> StartAtAsync(TimeProvider clock)
    {
        var host = new ZoomSandboxHost(clock);
        await host.InitializeAsync();
        return host;
    }

    public async Task InitializeAsync()
    {
        (_app, var baseUrl) = await StandaloneSandbox.StartAsync(Clock);
        BaseUrl = baseUrl;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public static ServerToServerTarget S2S(string clientId = "sandbox-s2s-client", string secret = "sandbox-s2s-secret", string account = Account1) =>
        ServerToServerTarget.Unsaved(account, clientId, secret);

    /// <summary>A fresh client stack (own token cache, pacing and statistics) pointed at this sandbox.</summary>
    public ZoomClientHarness CreateClient(IDictionary<string, string?>? settings = null, IZoomLinkTokenStore? linkStore = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Zoom:ApiBaseUrl"] = BaseUrl + "/v2",
            ["Zoom:OAuthBaseUrl"] = BaseUrl,
            ["Zoom:RateLimits:Light"] = "1000",
            ["Zoom:RateLimits:Medium"] = "1000",
            ["Zoom:RateLimits:Heavy"] = "1000",
            ["Zoom:RetryBaseDelay"] = "00:00:00.050",
            ["Zoom:OAuthApp:ClientId"] = "sandbox-oauth-client",
            ["Zoom:OAuthApp:ClientSecret"] = "sandbox-oauth-secret",
            ["Zoom:OAuthApp:RedirectUri"] = "http://127.0.0.1/connections/zoom/callback",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var recorder = new ZoomRequestRecorder();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Clock);
        services.AddSingleton<IConfiguration>(configuration);
        services.AddZoomClient();
        foreach (var name in new[] { "Zoom.Api", "Zoom.Download", "Zoom.OAuth" })
        {
            services.AddHttpClient(name).AddHttpMessageHandler(() => new RecordingHandler(recorder));
        }
        if (linkStore is not null)
        {
            services.AddSingleton(linkStore);
        }
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new ZoomClientHarness(provider, recorder);
    }
}

/// <summary>
/// A client stack for one test. On dispose, every request the client sent is checked against Zoom's OpenAPI specs
/// (and the allow-list for plan usage, OAuth and download URLs): a request outside the contract fails the test.
/// </summary>
public sealed class ZoomClientHarness(ServiceProvider provider, ZoomRequestRecorder recorder) : IAsyncDisposable
{
    public IZoomOAuth OAuth { get; } = provider.GetRequiredService<IZoomOAuth>();

    public IZoomUsers Users { get; } = provider.GetRequiredService<IZoomUsers>();

    public IZoomMeetings Meetings { get; } = provider.GetRequiredService<IZoomMeetings>();

    public IZoomPastMeetings PastMeetings { get; } = provider.GetRequiredService<IZoomPastMeetings>();

    public IZoomRecordings Recordings { get; } = provider.GetRequiredService<IZoomRecordings>();

    public IZoomAccountReports Account { get; } = provider.GetRequiredService<IZoomAccountReports>();

    public IZoomCallStatistics CallStatistics { get; } = provider.GetRequiredService<IZoomCallStatistics>();

    public ZoomRequestRecorder Requests => recorder;

    public static IReadOnlyList<string> ContractProblems(IEnumerable<RecordedRequest> requests) =>
        requests
            // The storage hop after Zoom's download redirect goes to the storage host, not to Zoom's API.
            .Where(r => !r.Uri.AbsolutePath.StartsWith("/rec/storage/", StringComparison.Ordinal))
            .SelectMany(r =>
            {
                var form = r.ContentType == "application/x-www-form-urlencoded"
                    ? (r.Body ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => Uri.UnescapeDataString(p.Split('=')[0]))
                    : null;
                var json = r.ContentType == "application/json" ? r.Body : null;
                return ZoomOpenApiContract.Instance.CheckRequest(r.Method, r.Uri.ToString(), json, form).Problems
                    .Select(p => $"{r.Method} {r.Uri.AbsolutePath}: {p}");
            })
            .Distinct()
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        var problems = ContractProblems(recorder.All);
        if (problems.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("The Zoom client sent requests outside Zoom's spec:\n" + string.Join("\n", problems));
        }
    }
}

public sealed record RecordedRequest(string Method, Uri Uri, string? ContentType, string? Body, bool HadAuthorization, string? Range);

/// <summary>Every HTTP request the client puts on the wire (innermost handler: retries count).</summary>
public sealed class ZoomRequestRecorder
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public IReadOnlyList<RecordedRequest> All => [.. _requests];

    public void Add(RecordedRequest request) => _requests.Enqueue(request);
}

internal sealed class RecordingHandler(ZoomRequestRecorder recorder) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        recorder.Add(new RecordedRequest(request.Method.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType, body,
            request.Headers.Authorization is not null, request.Headers.Range?.ToString()));
        return await base.SendAsync(request, cancellationToken);
    }
}
