using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.ZoomSandbox;

public static class SandboxExtensions
{
    public static IServiceCollection AddZoomSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }

    public static IEndpointRouteBuilder MapZoomSandbox(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var group = endpoints.MapGroup(prefix).AllowAnonymous();
        group.MapGet("/", () => "Zoom sandbox");
        return endpoints;
    }
}
