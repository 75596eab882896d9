using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Portal.Core.Data;

/// <summary>
/// The two supported database providers (<c>Database:Provider</c>), each with its own migrations: SQLite's in
/// Portal.Core/Data/Migrations, PostgreSQL's in the Portal.Migrations.PostgreSQL assembly.
/// </summary>
public static class PortalDatabase
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";
    public const string PostgreSqlMigrationsAssembly = "Portal.Migrations.PostgreSQL";

    // Any constant works, as long as every instance uses the same one; "Portal" in ASCII.
    private const long MigrationLockKey = 0x506F7274616C;

    public static bool IsPostgreSql(string provider) =>
        provider.Equals(PostgreSql, StringComparison.OrdinalIgnoreCase) || provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase)
        || provider.Equals("Npgsql", StringComparison.OrdinalIgnoreCase);

    public static bool IsSupported(string? provider) =>
        string.IsNullOrWhiteSpace(provider) || provider.Equals(Sqlite, StringComparison.OrdinalIgnoreCase) || IsPostgreSql(provider);

    /// <summary>The provider's canonical name, or an exception naming the supported ones.</summary>
    public static string Normalize(string? provider)
    {
        if (string.IsNullOrWhiteSpace(provider) || provider.Equals(Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return Sqlite;
        }
        return IsPostgreSql(provider)
            ? PostgreSql
            : throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use '{Sqlite}' or '{PostgreSql}'.");
    }

    /// <summary>Configures the context for the provider; the one place the app and the tests share.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string provider, string connectionString)
    {
        if (Normalize(provider) == PostgreSql)
        {
            // Values are always UTC, stored as timestamptz (Npgsql's mapping for DateTimeOffset).
            return options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly));
        }
        // SQLite only: WAL and busy timeout per connection; DateTimeOffset as ticks (PortalDbContext.ConfigureConventions).
        return options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas());
    }

    public static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>
    /// Applies committed migrations, safely when several instances start together. EF Core 9+ already serialises
    /// Migrate on both providers (SQLite: a lock table; Npgsql: LOCK TABLE on the history table, which must exist
    /// first); on PostgreSQL a session advisory lock around the whole run also covers creating the database and the
    /// history table, so exactly one instance applies the migrations and the others find them applied.
    /// </summary>
    public static async Task MigrateAsync(PortalDbContext db, CancellationToken ct = default)
    {
        if (!db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(ct);
            return;
        }
        await CreatePostgreSqlDatabaseIfMissingAsync(db, ct);
        await using var lockConnection = new NpgsqlConnection(db.Database.GetConnectionString());
        await lockConnection.OpenAsync(ct);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", lockConnection))
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            take.CommandTimeout = 0;
            await take.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await db.Database.MigrateAsync(ct);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task CreatePostgreSqlDatabaseIfMissingAsync(PortalDbContext db, CancellationToken ct)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(ct))
        {
            return;
        }
        try
        {
            await creator.CreateAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it a moment ago.
        }
    }
}
