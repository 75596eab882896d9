using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Jobs;
using Portal.Core.Settings;

namespace Portal.Core.Features.Staff;

public static class StaffFeature
{
    public static IServiceCollection AddStaffFeature(this IServiceCollection services)
    {
        services.AddSectionOptions<StaffOptions>(StaffOptions.Section);
        services.AddScoped<IStaffService, StaffService>();
        services.AddScoped<SaveStaffMember>();
        services.AddScoped<ImportStaffRoster>();
        services.AddScoped<IStaffActions, StaffActions>();
        services.AddScoped<IStaffIdentityBinder, StaffIdentityBinder>();
        services.AddScoped<IStaffRosterCheck, StaffRosterCheck>();
        services.AddScoped<IStaffSyncService, StaffSyncService>();
        services.AddScoped<IPortalJob, StaffSyncJob>();
        services.AddHostedService<StaffDemoSeeder>();
        return services;
    }
}
