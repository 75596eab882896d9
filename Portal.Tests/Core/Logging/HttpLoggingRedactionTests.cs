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

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private sealed class StubHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
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
