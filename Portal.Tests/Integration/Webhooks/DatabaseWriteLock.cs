using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Webhooks;

/// <summary>
/// Another writer holding the database busy until disposed: on SQLite an exclusive transaction on a connection of its
/// own (outside the portal's pool), on PostgreSQL an ACCESS EXCLUSIVE lock on one table inside an open transaction.
/// </summary>
public sealed class DatabaseWriteLock : IAsyncDisposable
{
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;

    private DatabaseWriteLock(DbConnection connection, DbTransaction? transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<DatabaseWriteLock> TakeAsync(TestDatabase database, string table)
    {
        if (TestDatabase.IsPostgreSql)
        {
            var npgsql = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
            await npgsql.OpenAsync();
            var transaction = await npgsql.BeginTransactionAsync();
            await using var lockTable = new NpgsqlCommand($"LOCK TABLE \"{table}\" IN ACCESS EXCLUSIVE MODE", npgsql, transaction);
            await lockTable.ExecuteNonQueryAsync();
            return new DatabaseWriteLock(npgsql, transaction);
        }
        var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await sqlite.OpenAsync();
        await using var begin = sqlite.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE";
        await begin.ExecuteNonQueryAsync();
        return new DatabaseWriteLock(sqlite, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
        }
        else
        {
            await using var rollback = _connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        await _connection.DisposeAsync();
    }
}
