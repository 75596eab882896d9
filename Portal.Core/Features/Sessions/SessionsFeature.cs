using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Home;
using Portal.Core.Jobs;
using Portal.Core.Settings;

namespace Portal.Core.Features.Sessions;

public static class SessionsFeature
{
    public static IServiceCollection AddSessionsFeature(this IServiceCollection services)
    {
        services.AddSectionOptions<SessionsOptions>(SessionsOptions.Section);
        services.AddScoped<SessionSteps>().AddScoped<SessionZoom>().AddScoped<SessionHostRules>().AddScoped<JoinLinkSecrets>();
        services.AddScoped<SessionQueries>().AddScoped<ScheduleSession>().AddScoped<RescheduleSession>().AddScoped<CancelSession>()
            .AddScoped<ChangeSessionHost>().AddScoped<SessionLinks>().AddScoped<ClientPage>().AddScoped<SessionHostCheck>().AddScoped<AssignZoomLicence>();
        services.AddScoped<SessionService>();
        services.AddScoped<ISessionService>(sp => sp.GetRequiredService<SessionService>());
        services.AddScoped<IPortalJob, SessionHostCheckJob>();
        services.AddScoped<IHomeAlertSource, SessionHostAlertSource>();
        return services;
    }
}
