using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.ZoomSandbox.Endpoints;

namespace Portal.ZoomSandbox;

public static class SandboxExtensions
{
    /// <summary>
    /// Registers the sandbox state and <see cref="ZoomSandboxControl"/>; <paramref name="configuration"/> is the Zoom:Sandbox section.
    /// The sandbox's clock is the host's <see cref="TimeProvider"/> (the system clock unless one is registered), so a test moves both together.
    /// </summary>
    public static IServiceCollection AddZoomSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new SandboxOptions();
        configuration.Bind(options);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ZoomSandboxControl>(sp =>
            new ZoomSandboxControl(new SandboxState(), options, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Maps the sandbox's Zoom API (/v2), OAuth (/oauth), downloads, meeting pages and control endpoints under the prefix.</summary>
    public static IEndpointRouteBuilder MapZoomSandbox(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var control = endpoints.ServiceProvider.GetRequiredService<ZoomSandboxControl>();
        control.Prefix = prefix.TrimEnd('/');
        var root = endpoints.MapGroup(prefix).AllowAnonymous();
        root.MapGet("/", () => Results.Text("Zoom sandbox"));
        OAuthEndpoints.Map(root);
        var v2 = root.MapGroup("/v2");
        UserEndpoints.Map(v2);
        RecordingEndpoints.Map(root, v2);
        MeetingEndpoints.Map(root, v2);
        ControlEndpoints.Map(root);
        return endpoints;
    }
}
