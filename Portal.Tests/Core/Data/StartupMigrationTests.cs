using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Data;

/// <summary>Start-up migrations on the run's provider (SQLite, or PostgreSQL in test.sh's second run).</summary>
public sealed class StartupMigrationTests
{
    [Fact]
    public async Task MigrateAsync_SeveralInstancesStartTogetherOnAnEmptyDatabase_AppliesEachMigrationOnceWithoutFailing()
    {
        // Arrange: an empty database (PostgreSQL) or no file yet (SQLite); four instances start at the same moment.
        await using var database = TestDatabase.CreateEmpty();
        using var go = new ManualResetEventSlim();
        var instances = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            go.Wait();
            await using var db = database.CreateDbContext();
            await PortalDatabase.MigrateAsync(db);
        })).ToList();

        // Act
        go.Set();
        await Task.WhenAll(instances);

        // Assert: every migration recorded once, and the schema works.
        await using var check = database.CreateDbContext();
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        Assert.Equal(check.Database.GetMigrations(), await check.Database.GetAppliedMigrationsAsync());
        check.JobRuns.Add(new JobRun { JobName = "Probe", TriggeredBy = "test", StartedAt = TimeProvider.System.GetUtcNow() });
        await check.SaveChangesAsync();
        Assert.Equal(1, await check.JobRuns.CountAsync());
    }

    [Fact]
    public async Task MigrateAsync_DatabaseAlreadyMigrated_ChangesNothing()
    {
        // Arrange
        await using var database = new TestDatabase();
        await using var db = database.CreateDbContext();
        var before = (await db.Database.GetAppliedMigrationsAsync()).ToList();

        // Act
        await PortalDatabase.MigrateAsync(db);

        // Assert
        Assert.NotEmpty(before);
        Assert.Equal(before, await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public void Configure_EachProvider_UsesItsOwnMigrations()
    {
        // Arrange
        static PortalDbContext For(string provider, string connectionString)
        {
            var options = new DbContextOptionsBuilder<PortalDbContext>();
            PortalDatabase.Configure(options, provider, connectionString);
            return new PortalDbContext(options.Options);
        }

        // Act
        using var sqlite = For(PortalDatabase.Sqlite, "Data Source=:memory:");
        using var postgres = For(PortalDatabase.PostgreSql, "Host=localhost;Database=none");

        // Assert: same migration names, but distinct sets (SQLite's in Portal.Core, PostgreSQL's in their own assembly).
        Assert.Contains(sqlite.Database.GetMigrations(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.Contains(postgres.Database.GetMigrations(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.NotEqual(sqlite.Database.GetMigrations(), postgres.Database.GetMigrations());
        Assert.True(sqlite.Database.IsSqlite());
        Assert.True(postgres.Database.IsNpgsql());
        Assert.Equal("timestamp with time zone",
            postgres.Model.FindEntityType(typeof(JobRun))!.FindProperty(nameof(JobRun.StartedAt))!.GetColumnType());
        Assert.Equal("INTEGER",
            sqlite.Model.FindEntityType(typeof(JobRun))!.FindProperty(nameof(JobRun.StartedAt))!.GetColumnType());
    }

    [Fact]
    public void Normalize_UnknownProvider_ThrowsNamingTheSupportedOnes()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => PortalDatabase.Normalize("SqlServer"));

        Assert.Contains("'Sqlite' or 'PostgreSQL'", ex.Message);
        Assert.Equal(PortalDatabase.PostgreSql, PortalDatabase.Normalize("postgresql"));
        Assert.Equal(PortalDatabase.Sqlite, PortalDatabase.Normalize(null));
    }
}
