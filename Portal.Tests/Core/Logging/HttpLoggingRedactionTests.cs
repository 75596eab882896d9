using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Logging;

public sealed class HttpLoggingRedactionTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    [Fact]
    public async Task OutgoingRequest_TraceLogging_NeverContainsQueryStringOrHeaderSecrets()
    {
        // Arrange: the portal's Core registrations, every log at Trace, a stub server.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(_database.Settings);
        builder.Configuration["Jobs:Enabled"] = "false";
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        builder.AddPortalCore();
        builder.Services.AddHttpClient("probe").ConfigurePrimaryHttpMessageHandler(() => new StubHandler());
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("probe");
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.zoom.example/v2/users?access_token=QUERY-SECRET");
        request.Headers.Authorization = new("Bearer", "HEADER-SECRET");

        // Act
        using var response = await client.SendAsync(request);

        // Assert
        var messages = logs.Messages.ToList();
        Assert.Contains(messages, m => m.Contains("api.zoom.example/v2/users", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Authorization", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("QUERY-SECRET", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("HEADER-SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevokeAsync_TraceLogging_SendsTheTokenBothWaysAndNeverLogsIt()
    {
        // Arrange: the real Zoom client with every log at Trace; Zoom's OAuth host answered by a recording stub.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(_database.Settings);
        builder.Configuration["Jobs:Enabled"] = "false";
        builder.Configuration["Zoom:Sandbox:Enabled"] = "false";
        builder.Configuration["Zoom:OAuthBaseUrl"] = "https://zoom.example";
        builder.Configuration["Zoom:OAuthApp:ClientId"] = "oauth-client";
        builder.Configuration["Zoom:OAuthApp:ClientSecret"] = "oauth-secret";
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        builder.AddPortalCore();
        var zoom = new RecordingStubHandler();
        builder.Services.AddHttpClient(Portal.Core.Zoom.ZoomRequest.OAuthClient).ConfigurePrimaryHttpMessageHandler(() => zoom);
        using var host = builder.Build();
        const string Token = "REVOKE-ME-SECRET";

        // Act
        await host.Services.GetRequiredService<Portal.Core.Zoom.IZoomOAuth>().RevokeAsync(Token);

        // Assert
        var (uri, body) = Assert.Single(zoom.Requests);
        Assert.Equal("/oauth/revoke", uri.AbsolutePath);
        Assert.Equal(Token, System.Web.HttpUtility.ParseQueryString(uri.Query)["token"]);
        Assert.Equal(Token, System.Web.HttpUtility.ParseQueryString(body)["token"]);
        var messages = logs.Messages.ToList();
        Assert.Contains(messages, m => m.Contains("/oauth/revoke", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(Token, StringComparison.Ordinal));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private sealed class StubHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }

    private sealed class RecordingStubHandler : HttpMessageHandler
    {
        public ConcurrentQueue<(Uri Uri, string Body)> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Enqueue((request.RequestUri!, request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"status":"success"}""", System.Text.Encoding.UTF8, "application/json") };
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Messages.Enqueue(formatter(state, exception));
        }
    }
}
