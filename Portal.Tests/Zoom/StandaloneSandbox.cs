using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.ZoomSandbox;

namespace Portal.Tests.Zoom;

/// <summary>The Zoom sandbox alone on Kestrel (127.0.0.1, random port), mapped at the root.</summary>
internal static class StandaloneSandbox
{
    public static async Task<(WebApplication App, string BaseUrl)> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(clock);
        builder.Services.AddZoomSandbox(builder.Configuration.GetSection("Zoom:Sandbox"));
        var app = builder.Build();
        app.MapZoomSandbox("");
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/'));
    }
}
