using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Core.Data;

namespace Portal.Tests.Core.Data;

public sealed class SqlitePragmasTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"portal-pragmas-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Exists_DatabaseCreatedButNotYetInWalMode_ReadOnlyCheckDoesNotFail()
    {
        // Arrange: another instance has just created the file and not yet switched it to WAL; EF Core's existence
        // check opens it read-only, where switching the journal mode is a write.
        await using (var creator = new SqliteConnection($"Data Source={_file};Pooling=False"))
        {
            await creator.OpenAsync();
            await using var command = creator.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER);";
            await command.ExecuteNonQueryAsync();
        }
        var options = new DbContextOptionsBuilder<PortalDbContext>()
            .UseSqlite($"Data Source={_file};Pooling=False").AddInterceptors(new SqlitePragmas()).Options;
        await using var db = new PortalDbContext(options);

        // Act
        var exists = await db.Database.GetService<IRelationalDatabaseCreator>().ExistsAsync();

        // Assert
        Assert.True(exists);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
