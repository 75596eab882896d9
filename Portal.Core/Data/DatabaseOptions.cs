using Microsoft.Extensions.Options;

namespace Portal.Core.Data;

/// <summary>Bound from <c>Database</c>, with the connection string from <c>ConnectionStrings:Portal</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "Portal";
    public const string DefaultSqliteConnectionString = "Data Source=data/portal.db";

    /// <summary><c>Sqlite</c> (default) or <c>PostgreSQL</c>.</summary>
    public string? Provider { get; set; }

    /// <summary>Applies the committed migrations at start (default). Turn off where a deployment step migrates instead.</summary>
    public bool Migrate { get; set; } = true;

    /// <summary>From <c>ConnectionStrings:Portal</c>; SQLite falls back to <see cref="DefaultSqliteConnectionString"/>.</summary>
    public string? ConnectionString { get; set; }

    public string ProviderName => PortalDatabase.Normalize(Provider);

    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString) && ProviderName == PortalDatabase.Sqlite ? DefaultSqliteConnectionString : ConnectionString!;
}

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!PortalDatabase.IsSupported(options.Provider))
        {
            return ValidateOptionsResult.Fail(
                $"Database:Provider '{options.Provider}' is not supported; use '{PortalDatabase.Sqlite}' or '{PortalDatabase.PostgreSql}'.");
        }
        return options.ProviderName == PortalDatabase.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString)
            ? ValidateOptionsResult.Fail("Database:Provider is PostgreSQL: set ConnectionStrings:Portal (Host=...;Database=...;Username=...;Password=...).")
            : ValidateOptionsResult.Success;
    }
}
