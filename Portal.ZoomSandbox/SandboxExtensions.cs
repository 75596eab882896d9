using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.ZoomSandbox.Endpoints;

namespace Portal.ZoomSandbox;

public static class SandboxExtensions
{
    /// <summary>Registers the sandbox state and <see cref="ZoomSandboxControl"/>; <paramref name="configuration"/> is the Zoom:Sandbox section.</summary>
    public static IServiceCollection AddZoomSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new SandboxOptions();
        configuration.Bind(options);
        services.AddSingleton(options);
        services.AddSingleton<ZoomSandboxControl>(sp =>
            new ZoomSandboxControl(new SandboxState(), options, sp.GetService<TimeProvider>() ?? TimeProvider.System));
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
        return endpoints;
    }
}
