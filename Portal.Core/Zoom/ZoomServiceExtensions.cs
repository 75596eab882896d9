using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Zoom;

public static class ZoomServiceExtensions
{
    public static IServiceCollection AddZoomClient(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
