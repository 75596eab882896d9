using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Jobs;

namespace Portal.Core.Features.SessionMessages;

public static class SessionMessagesFeature
{
    public static IServiceCollection AddSessionMessagesFeature(this IServiceCollection services)
    {
        services.AddScoped<SessionMailer>().AddScoped<ClientReminderOptOuts>();
        services.AddScoped<IPortalJob, ClientRemindersJob>();
        return services;
    }
}
