using System.Globalization;
using CsvHelper;
using Portal.Core.Features.Audit;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Audit;

public sealed class AuditLogTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    [Fact]
    public async Task WriteAsync_Snapshots_RecordsActorTargetAndOnlyTheChangedFields()
    {
        // Arrange
        var log = new AuditLog(_database, FakeCurrentActor.For("director"), TimeProvider.System);

        // Act
        await log.WriteAsync("staff.updated", AuditTarget.Staff(42, "terry.teacher@writing.example.edu"),
            new { Active = true, Role = "Tutor", Name = "Terry" }, new { Active = false, Role = "Director", Name = "Terry" }, connectionId: 4);

        // Assert
        var entry = Assert.Single((await log.QueryAsync(new AuditQuery())).Items);
        Assert.Equal("dana.director@writing.example.edu", entry.Actor);
        Assert.Equal("dev-director", entry.ActorObjectId);
        Assert.Equal(("staff", "42", "terry.teacher@writing.example.edu"), (entry.TargetKind, entry.TargetId, entry.TargetName));
        Assert.Equal("staff:42 terry.teacher@writing.example.edu", entry.Target);
        Assert.Equal([new AuditChange("Active", "true", "false"), new AuditChange("Role", "Tutor", "Director")], entry.Changes);
        Assert.Null(entry.OldValue);
        Assert.Null(entry.NewValue);
        Assert.Equal(4, entry.ConnectionId);
    }

    [Fact]
    public async Task WriteAsync_ValueThatIsNoObject_IsTheFieldValue()
    {
        // Arrange
        var log = new AuditLog(_database, FakeCurrentActor.For("director"), TimeProvider.System);

        // Act
        await log.WriteAsync("staff.updated", AuditTarget.Roster(), "before", 3);

        // Assert
        var entry = Assert.Single((await log.QueryAsync(new AuditQuery())).Items);
        Assert.Equal([new AuditChange("Value", "before", "3")], entry.Changes);
    }

    [Fact]
    public async Task AddAsync_CallerDoesNotSave_RecordsNothing()
    {
        // Arrange
        var log = new AuditLog(_database, FakeCurrentActor.For("director"), TimeProvider.System);

        // Act: the entry belongs to the caller's unit of work, which is dropped unsaved.
        await using (var db = _database.CreateDbContext())
        {
            await log.AddAsync(db, "staff.updated", AuditTarget.Staff(1, "someone@writing.example.edu"));
        }

        // Assert
        Assert.Empty((await log.QueryAsync(new AuditQuery())).Items);
    }

    [Fact]
    public async Task QueryAsync_DateRange_IncludesWholeDaysInUtc()
    {
        // Arrange
        var log = new AuditLog(_database, FakeCurrentActor.For("admin"), TimeProvider.System);
        await using (var db = _database.CreateDbContext())
        {
            var late = new DateTimeOffset(2026, 11, 1, 23, 59, 0, TimeSpan.Zero);
            db.AuditEntries.AddRange(
                new AuditEntry { Actor = "a", Action = "a", Target = "first", At = late },
                new AuditEntry { Actor = "a", Action = "a", Target = "second", At = late.AddMinutes(2) },
                new AuditEntry { Actor = "a", Action = "a", Target = "third", At = late.AddDays(1).AddMinutes(2) });
            await db.SaveChangesAsync();
        }

        // Act
        var onSecond = await log.QueryAsync(new AuditQuery { From = new DateOnly(2026, 11, 2), To = new DateOnly(2026, 11, 2) });
        var untilFirst = await log.QueryAsync(new AuditQuery { To = new DateOnly(2026, 11, 1) });

        // Assert
        Assert.Equal(["second"], onSecond.Items.Select(e => e.Target));
        Assert.Equal(["first"], untilFirst.Items.Select(e => e.Target));
    }

    [Fact]
    public async Task WriteCsv_FormulaLikeCells_AreNeutralised()
    {
        // Arrange
        var entries = new[]
        {
            new AuditEntry { Actor = "=cmd|' /C calc'!A0", Action = "+SUM(1,2)", Target = "-2+3", NewValue = "@HYPERLINK(\"http://evil\")", At = DateTimeOffset.UnixEpoch },
        }.ToAsyncEnumerable();
        await using var writer = new StringWriter();

        // Act
        await AuditCsv.WriteAsync(entries, writer, CancellationToken.None);

        // Assert: every formula-like cell starts with the escape quote, so a spreadsheet shows it as text.
        using var reader = new CsvReader(new StringReader(writer.ToString()), CultureInfo.InvariantCulture);
        await reader.ReadAsync();
        await reader.ReadAsync();
        Assert.Equal("'=cmd|' /C calc'!A0", reader.GetField(1));
        Assert.Equal("'+SUM(1,2)", reader.GetField(2));
        Assert.Equal("'-2+3", reader.GetField(3));
        Assert.Equal("'@HYPERLINK(\"http://evil\")", reader.GetField(5));
    }

    [Fact]
    public async Task WriteCsv_StructuredEntry_AddsTargetChangesAndTheSentence()
    {
        // Arrange
        var entries = new[]
        {
            new AuditEntry
            {
                Actor = "dana.director@writing.example.edu", Action = "staff.updated", Target = "staff:42 ann@school.edu", TargetKind = "staff",
                TargetId = "42", TargetName = "ann@school.edu", Changes = [new AuditChange("Role", "Tutor", "Director")], At = DateTimeOffset.UnixEpoch,
            },
        }.ToAsyncEnumerable();
        await using var writer = new StringWriter();

        // Act
        await AuditCsv.WriteAsync(entries, writer, CancellationToken.None);

        // Assert
        using var reader = new CsvReader(new StringReader(writer.ToString()), CultureInfo.InvariantCulture);
        await reader.ReadAsync();
        reader.ReadHeader();
        await reader.ReadAsync();
        Assert.Equal(("staff", "42", "ann@school.edu"), (reader.GetField("Target kind"), reader.GetField("Target id"), reader.GetField("Target name")));
        Assert.Equal("""[{"Field":"Role","Before":"Tutor","After":"Director"}]""", reader.GetField("Changes"));
        Assert.Equal("dana.director@writing.example.edu changed staff member ann@school.edu: Role Tutor → Director", reader.GetField("What happened"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
