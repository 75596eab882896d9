using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Connections;

/// <summary>The portal with the sandbox, every log line captured (debug level) for the secret scans.</summary>
public sealed class ConnectionsAppFactory() : PortalAppFactory(new Dictionary<string, string?>
{
    ["Logging:LogLevel:Default"] = "Debug",
    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
    ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Debug",
    ["Zoom:Link:RevokeTimeout"] = "00:00:02",
})
{
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(Logs));
    }
}
