using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Jobs;

namespace Portal.Core.Features.Outcomes;

public static class OutcomesFeature
{
    public static IServiceCollection AddOutcomesFeature(this IServiceCollection services)
    {
        services.AddSingleton<OutcomeSignals>();
        services.AddScoped<SessionOutcomeUpdater>();
        services.AddScoped<ISessionOutcomes, SessionOutcomes>();
        services.AddScoped<OutcomeReconciler>();
        services.AddScoped<IMeetingEventStatus, MeetingEventStatus>();
        services.AddScoped<IAttendanceReport, AttendanceReport>();
        services.AddScoped<IPortalJob, OutcomeReconcileJob>();
        return services;
    }
}
