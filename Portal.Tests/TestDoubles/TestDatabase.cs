using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Tests.TestDoubles;

/// <summary>A migrated SQLite file of its own (a file, not :memory:, so concurrent contexts are safe), deleted on dispose.</summary>
public sealed class TestDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "portal-tests", "db-" + Guid.NewGuid().ToString("N"));

    public TestDatabase()
    {
        Directory.CreateDirectory(_folder);
        ConnectionString = $"Data Source={Path.Combine(_folder, "portal.db")};Pooling=false";
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public string ConnectionString { get; }

    public DbContextOptions<PortalDbContext> Options => new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(ConnectionString).Options;

    public PortalDbContext CreateDbContext() => new(Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
