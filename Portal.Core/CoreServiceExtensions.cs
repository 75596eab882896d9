using System.Security.Cryptography.X509Certificates;
using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Home;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Security;
using Portal.Core.Settings;
using Portal.Core.Zoom;

namespace Portal.Core;

public static class CoreServiceExtensions
{
    /// <summary>Registers everything that is not UI: data, Zoom client, feature services, validators and jobs.</summary>
    public static IHostApplicationBuilder AddPortalCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddPortalDatabase(builder.Configuration);

        services.AddPortalDataProtection(builder.Configuration);
        // Header values (Authorization, Zoom tokens) are never logged; .NET already logs URIs with the query string replaced by "*".
        services.ConfigureHttpClientDefaults(http => http.RedactLoggedHeaders(_ => true));
        services.AddSingleton<ISecretProtector, SecretProtector>();

        // Validators hold no state: one instance each, not one per circuit.
        services.AddValidatorsFromAssemblyContaining<PortalDbContext>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.TryAddScoped<ICurrentActor, SystemActor>();
        services.AddScoped<IAuditLog, AuditLog>();

        services.AddSectionOptions<JobLeaseOptions>(JobLeaseOptions.Section)
            .Validate(o => o.IsValid, JobLeaseOptions.Invalid)
            .ValidateOnStart();
        services.AddSectionOptions<JobsOptions>(JobsOptions.Section);
        services.AddOptions<JobSettingsByName>().BindConfiguration(JobsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobSettingsByName>, JobSettingsValidator>();
        services.AddSectionOptions<DatabaseMaintenanceOptions>(DatabaseMaintenanceOptions.Section);
        services.AddSingleton<IJobRunner, JobRunner>();
        services.AddScoped<IJobHistory, JobHistory>();
        services.AddScoped<IJobLauncher, JobLauncher>();
        services.AddScoped<IPortalJob, DatabaseMaintenanceJob>();
        services.AddHostedService<JobScheduler>();

        services.AddZoomClient();
        services.AddPortalFeatures();
        return builder;
    }

    /// <summary>
    /// Keys live in the portal's database, so every instance and restart shares them. In production, protect them at rest
    /// with a certificate (DataProtection:Certificate:Path and :Password, a PFX file).
    /// </summary>
    private static void AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = services.AddSectionOptionsNow<DataProtectionSettings>(configuration, DataProtectionSettings.Section);
        var dataProtection = services.AddDataProtection().PersistKeysToDbContext<PortalDbContext>().SetApplicationName(settings.ApplicationName);
        services.AddSingleton<KeyProtection>();
        services.AddHostedService<KeyProtectionStartupWarning>();
        services.AddHostedService<Features.Alerts.KeyProtectionAlert>();
        services.AddScoped<IHomeAlertSource, KeyProtectionHomeAlertSource>();
        if (!string.IsNullOrWhiteSpace(settings.Certificate.Path))
        {
            dataProtection.ProtectKeysWithCertificate(
                X509CertificateLoader.LoadPkcs12FromFile(settings.Certificate.Path, settings.Certificate.Password));
        }
    }

    private static void AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var database = services.AddSectionOptionsNow<DatabaseOptions>(configuration, DatabaseOptions.Section,
            o => o.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName), new DatabaseOptionsValidator());
        if (database.ProviderName == PortalDatabase.Sqlite)
        {
            PortalDatabase.EnsureSqliteFolder(database.EffectiveConnectionString);
        }
        services.AddDbContextFactory<PortalDbContext>(o => PortalDatabase.Configure(o, database.ProviderName, database.EffectiveConnectionString));
    }

    /// <summary>Applies committed migrations (never EnsureCreated), once when several instances start together.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await PortalDatabase.MigrateAsync(db, ct);
    }
}
