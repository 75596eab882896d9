using Npgsql;
using Portal.Core.Data;

namespace Portal.Benchmarks;

/// <summary>A fresh database of its own on a PostgreSQL server (the portal migrates it on start), dropped afterwards.</summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private BenchPostgres(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = PortalDatabase.PostgreSql,
        ["ConnectionStrings:Portal"] = ConnectionString,
    };

    public static async Task<BenchPostgres> CreateAsync(string server)
    {
        var database = new BenchPostgres(server, "portal_bench_" + Guid.NewGuid().ToString("N"));
        await database.ExecuteOnServerAsync($"CREATE DATABASE \"{database._name}\"");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
