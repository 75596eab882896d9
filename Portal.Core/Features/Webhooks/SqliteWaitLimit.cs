using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// Bounds how long the next statements on a SQLite context wait for another writer's lock. SQLite waits inside each
/// statement up to the connection's busy_timeout (10 s in the portal), and Microsoft.Data.Sqlite then retries a busy
/// statement until its command timeout (30 s), neither of which a cancellation token interrupts. Disposing restores the
/// pooled connection's busy_timeout.
/// </summary>
internal sealed class SqliteWaitLimit : IAsyncDisposable
{
    // Microsoft.Data.Sqlite's timeouts are whole seconds; one busy_timeout wait of at least this long ends its retries.
    private static readonly TimeSpan s_minimumWait = TimeSpan.FromSeconds(1);

    private readonly SqliteConnection _connection;
    private readonly long _previousBusyTimeout;

    private SqliteWaitLimit(SqliteConnection connection, long previousBusyTimeout)
    {
        _connection = connection;
        _previousBusyTimeout = previousBusyTimeout;
    }

    public static async Task<SqliteWaitLimit> ApplyAsync(PortalDbContext db, TimeSpan wait, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var busyTimeout = (long)Math.Ceiling(Math.Max(wait.TotalMilliseconds, s_minimumWait.TotalMilliseconds));
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";
        var previous = Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        command.CommandText = $"PRAGMA busy_timeout = {busyTimeout.ToString(CultureInfo.InvariantCulture)}";
        await command.ExecuteNonQueryAsync(ct);
        var seconds = (int)s_minimumWait.TotalSeconds;
        connection.DefaultTimeout = seconds;
        db.Database.SetCommandTimeout(seconds);
        return new SqliteWaitLimit(connection, previous);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = $"PRAGMA busy_timeout = {_previousBusyTimeout.ToString(CultureInfo.InvariantCulture)}";
            await command.ExecuteNonQueryAsync();
        }
        catch (SqliteException)
        {
            // The portal sets busy_timeout again whenever it opens a connection; never hide the failure being unwound.
        }
    }
}
