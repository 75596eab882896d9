using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Data;

namespace Portal.Tests.TestDoubles;

/// <summary>
/// A fresh, migrated database of its own on the provider the run selects: PostgreSQL when PORTAL_TEST_POSTGRES holds a
/// connection string to a server (test.sh starts a throwaway one), SQLite otherwise. Every test host builds its database
/// here; disposing drops it. Copies of a template migrated once per run keep creating one cheap.
/// </summary>
public sealed class TestDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable
{
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";

    private static readonly string? s_postgresServer = Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;
    private static readonly Lazy<string> s_template = new(CreateTemplate, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly string s_root = Path.Combine(Path.GetTempPath(), "portal-tests");

    private readonly string? _folder;
    private readonly string? _postgresDatabase;
    private bool _disposed;

    /// <summary>A migrated database.</summary>
    public TestDatabase() : this(migrated: true)
    {
    }

    private TestDatabase(bool migrated)
    {
        var name = "portal_t_" + Guid.NewGuid().ToString("N");
        if (IsPostgreSql)
        {
            _postgresDatabase = name;
            ExecuteOnServer(migrated ? $"CREATE DATABASE \"{name}\" TEMPLATE \"{s_template.Value}\"" : $"CREATE DATABASE \"{name}\"");
            ConnectionString = new NpgsqlConnectionStringBuilder(s_postgresServer) { Database = name }.ConnectionString;
        }
        else
        {
            _folder = Path.Combine(s_root, name);
            Directory.CreateDirectory(_folder);
            var file = Path.Combine(_folder, "portal.db");
            if (migrated)
            {
                File.Copy(s_template.Value, file);
            }
            ConnectionString = $"Data Source={file}";
        }
    }

    /// <summary>True when this run's databases are PostgreSQL.</summary>
    public static bool IsPostgreSql => s_postgresServer is not null;

    public static string Provider => IsPostgreSql ? PortalDatabase.PostgreSql : PortalDatabase.Sqlite;

    /// <summary>A database without any tables (the migration tests apply them).</summary>
    public static TestDatabase CreateEmpty() => new(migrated: false);

    public string ConnectionString { get; }

    /// <summary>The SQLite file (null on PostgreSQL).</summary>
    public string? SqliteFile => _folder is null ? null : Path.Combine(_folder, "portal.db");

    /// <summary>The portal settings that select this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider,
        ["ConnectionStrings:Portal"] = ConnectionString,
    };

    public DbContextOptions<PortalDbContext> Options => Configure(new DbContextOptionsBuilder<PortalDbContext>()).Options;

    public DbContextOptionsBuilder<PortalDbContext> Configure(DbContextOptionsBuilder<PortalDbContext> options)
    {
        PortalDatabase.Configure(options, Provider, ConnectionString);
        return options;
    }

    public void Configure(DbContextOptionsBuilder options) => PortalDatabase.Configure(options, Provider, ConnectionString);

    public PortalDbContext CreateDbContext() => new(Options);

    /// <summary>Runs raw SQL against this database (provider-specific SQL is the caller's business).</summary>
    public async Task ExecuteSqlAsync(string sql)
    {
        await using var db = CreateDbContext();
#pragma warning disable EF1002 // test-only SQL written by the tests themselves
        await db.Database.ExecuteSqlRawAsync(sql);
#pragma warning restore EF1002
    }

    /// <summary>Makes every insert into <paramref name="table"/> fail (a trigger) until the result is disposed.</summary>
    public async Task<IAsyncDisposable> FailInsertsAsync(string table, string message = "disk full")
    {
        var name = "fail_insert_" + table.ToLowerInvariant();
        if (IsPostgreSql)
        {
            await ExecuteSqlAsync($"""
                CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$;
                CREATE TRIGGER {name} BEFORE INSERT ON "{table}" FOR EACH ROW EXECUTE FUNCTION {name}();
                """);
            return new Undo(() => ExecuteSqlAsync($"DROP TRIGGER {name} ON \"{table}\"; DROP FUNCTION {name}();"));
        }
        await ExecuteSqlAsync($"CREATE TRIGGER {name} BEFORE INSERT ON \"{table}\" BEGIN SELECT RAISE(ABORT, '{message}'); END;");
        return new Undo(() => ExecuteSqlAsync($"DROP TRIGGER {name};"));
    }

    /// <summary>Names of the portal's tables.</summary>
    public async Task<List<string>> TableNamesAsync()
    {
        await using var db = CreateDbContext();
        var sql = IsPostgreSql
            ? "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'";
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }
        _disposed = true;
        if (_postgresDatabase is not null)
        {
            using (var connection = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }
            try
            {
                ExecuteOnServer($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)");
            }
            catch (NpgsqlException)
            {
                // The throwaway cluster goes away with the run anyway.
            }
        }
        else if (_folder is not null)
        {
            using (var connection = new SqliteConnection(ConnectionString))
            {
                SqliteConnection.ClearPool(connection);
            }
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        return ValueTask.CompletedTask;
    }

    private sealed class Undo(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }

    private static string CreateTemplate()
    {
        var name = "portal_template_" + Guid.NewGuid().ToString("N");
        string connectionString;
        if (IsPostgreSql)
        {
            ExecuteOnServer($"CREATE DATABASE \"{name}\"");
            connectionString = new NpgsqlConnectionStringBuilder(s_postgresServer) { Database = name, Pooling = false }.ConnectionString;
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    ExecuteOnServer($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }
                catch (NpgsqlException)
                {
                }
            };
        }
        else
        {
            Directory.CreateDirectory(s_root);
            var file = Path.Combine(s_root, name + ".db");
            connectionString = $"Data Source={file};Pooling=false";
            AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(file);
        }
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        if (IsPostgreSql)
        {
            PortalDatabase.Configure(options, PortalDatabase.PostgreSql, connectionString);
        }
        else
        {
            // No WAL pragma here: the template is copied as one file.
            options.UseSqlite(connectionString);
        }
        using (var db = new PortalDbContext(options.Options))
        {
            db.Database.Migrate();
        }
        return IsPostgreSql ? name : new SqliteConnectionStringBuilder(connectionString).DataSource;
    }

    private static void ExecuteOnServer(string sql)
    {
        using var connection = new NpgsqlConnection(s_postgresServer);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
