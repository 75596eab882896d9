using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Features.Outcomes;

public static class OutcomesFeature
{
    public static IServiceCollection AddOutcomesFeature(this IServiceCollection services)
    {
        services.AddSingleton<OutcomeSignals>();
        services.AddScoped<SessionOutcomeUpdater>();
        services.AddScoped<ISessionOutcomes, SessionOutcomes>();
        return services;
    }
}
