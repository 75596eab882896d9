using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Core.Security;
using Portal.Core.Zoom;

namespace Portal.Core;

public static class CoreServiceExtensions
{
    public const string DefaultConnectionString = "Data Source=data/portal.db";

    /// <summary>Registers everything that is not UI: data, Zoom client, feature services, validators and jobs.</summary>
    public static IHostApplicationBuilder AddPortalCore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddPortalDatabase(builder.Configuration);

        services.AddDataProtection()
            .SetApplicationName(builder.Configuration["DataProtection:ApplicationName"] ?? "Portal")
            .PersistKeysToDbContext<PortalDbContext>();
        services.AddSingleton<ISecretProtector, SecretProtector>();

        services.AddValidatorsFromAssemblyContaining<PortalDbContext>(includeInternalTypes: true);
        services.TryAddScoped<ICurrentActor, SystemActor>();
        services.AddScoped<IAuditLog, AuditLog>();

        services.AddSingleton<IJobRunner, JobRunner>();
        services.AddHostedService<JobScheduler>();

        services.AddZoomClient(builder.Configuration);
        services.AddPortalFeatures(builder.Configuration);
        return builder;
    }

    private static void AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString("Portal");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = DefaultConnectionString;
        }
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use 'Sqlite'.");
        }
        EnsureSqliteFolder(connectionString);
        services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas()));
    }

    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && !string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>Applies committed migrations (never EnsureCreated).</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
    }
}
