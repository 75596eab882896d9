using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Data;

/// <summary>
/// An institution's database made by the first release, full of data, upgraded by today's migrations on the run's
/// provider (SQLite, or PostgreSQL in test.sh's second run): nothing may be lost. Migrations are added, never regenerated.
/// </summary>
public sealed class MigrationUpgradeTests
{
    // The first release's schema, one row per table. Stored timestamps are written as {t}, in the provider's own form;
    // literal braces are doubled (ExecuteSqlRaw formats the text).
    private static readonly string[] s_firstReleaseRows =
    [
        """INSERT INTO "ZoomConnections" ("Id", "Name", "Slug", "Kind", "AccountId", "ClientId", "EncryptedClientSecret", "GrantedScopes", "ManagedByConfiguration", "Disabled", "CreatedAt") VALUES (11, 'Writing center', 'writing-center', 0, 'acct-1', 'client-1', 'CfDJ8-secret', 'user:read:admin', TRUE, FALSE, {t})""",
        """INSERT INTO "StaffMembers" ("Id", "Name", "Email", "NormalizedEmail", "Aliases", "StaffRole", "Active", "ConnectionId", "CreatedAt", "UpdatedAt") VALUES (21, 'Terry Teacher', 'Terry@Example.edu', 'terry@example.edu', '', 'Teacher', TRUE, 11, {t}, {t})""",
        """INSERT INTO "StaffMappings" ("StaffMemberId", "Status", "Reason", "Fix", "ZoomUserId", "ZoomEmail", "ConnectionId", "SyncRunId", "CheckedAt") VALUES (21, 1, 'Licensed in Zoom', 0, 'zu-1', 'terry@example.edu', 11, 31, {t})""",
        """INSERT INTO "StaffHistory" ("Id", "StaffMemberId", "At", "Kind", "Actor", "Summary") VALUES (22, 21, {t}, 1, 'dana', 'Added to the roster')""",
        """INSERT INTO "SyncRuns" ("Id", "ConnectionId", "StartedAt", "EndedAt", "Succeeded", "ZoomCalls", "PagesRead", "ZoomUsers", "TriggeredBy", "CountsJson") VALUES (31, 11, {t}, {t}, TRUE, 3, 1, 300, 'schedule', '{{"Mapped":1}}')""",
        """INSERT INTO "ZoomUserSnapshots" ("Id", "ConnectionId", "ZoomUserId", "Email", "NormalizedEmail", "DisplayName", "Type", "Status", "SyncRunId", "StaffMemberId") VALUES (32, 11, 'zu-1', 'terry@example.edu', 'terry@example.edu', 'Terry', 2, 'active', 31, 21)""",
        """INSERT INTO "Sessions" ("Id", "StaffMemberId", "ConnectionId", "ClientName", "ClientEmail", "StartsAt", "EndsAt", "TimeZone", "DurationMinutes", "Topic", "ZoomMeetingId", "JoinTokenHash", "JoinTokenExpiresAt", "State", "CreatedAt", "UpdatedAt") VALUES (41, 21, 11, 'Casey Client', 'casey@student.example.edu', {t}, {t}, 'Europe/Berlin', 45, 'Thesis chapter 2', 85012345678, 'join-hash', {t}, 0, {t}, {t})""",
        """INSERT INTO "RecordingShare" ("Id", "TokenHash", "ConnectionId", "MeetingUuid", "MeetingId", "Topic", "StaffMemberId", "CreatedBy", "CreatedAt", "ExpiresAt", "ViewCount") VALUES (42, 'share-hash', 11, 'uuid==', 85012345678, 'Thesis chapter 2', 21, 'terry', {t}, {t}, 2)""",
        """INSERT INTO "UsageSnapshots" ("Id", "ConnectionId", "TakenAt", "DayBucket", "LicencesPurchased", "PlansJson", "UsersSource", "StorageUnlimited", "StorageUsedBytes", "UnknownFigures") VALUES (51, 11, {t}, 20261125, 100, '[]', 'report', FALSE, 123456789, '')""",
        """INSERT INTO "StorageFreedEstimates" ("Id", "ConnectionId", "RecordedAt", "Bytes") VALUES (52, 11, {t}, 987654)""",
        """INSERT INTO "WebhookEvents" ("Id", "ConnectionId", "Event", "Identity", "Body", "ReceivedAt", "Attempts", "AccountId") VALUES (61, 11, 'user.updated', 'evt-1', '{{"event":"user.updated"}}', {t}, 0, 'acct-1')""",
        """INSERT INTO "ZoomLinkAttempts" ("Id", "StateHash", "BrowserBindingHash", "EncryptedCodeVerifier", "CreatedAt", "ExpiresAt") VALUES (62, 'state-hash', 'binding-hash', 'CfDJ8-verifier', {t}, {t})""",
        """INSERT INTO "AuditEntries" ("Id", "At", "Actor", "Action", "Target", "NewValue", "ConnectionId") VALUES (71, {t}, 'dana', 'staff.add', 'Terry Teacher', 'terry@example.edu', 11)""",
        """INSERT INTO "DataProtectionKeys" ("Id", "FriendlyName", "Xml") VALUES (72, 'key-1', '<key id="1" />')""",
        """INSERT INTO "JobRuns" ("Id", "JobName", "ConnectionId", "StartedAt", "EndedAt", "Outcome", "Summary", "TriggeredBy") VALUES (81, 'StaffSync', 11, {t}, {t}, 1, '300 Zoom users read', 'schedule')""",
        """INSERT INTO "JobLeases" ("Key", "Holder", "ExpiresAt") VALUES ('StaffSync:11', 'host:1:abc', {t})""",
    ];

    [Fact]
    public async Task Migrate_DatabaseOfTheFirstReleaseWithEveryTableFilled_KeepsEveryRow()
    {
        // Arrange: the database at the first migration, every one of its tables holding a row.
        await using var database = TestDatabase.CreateEmpty();
        await using var db = database.CreateDbContext();
        var first = db.Database.GetMigrations().First();
        await db.GetService<IMigrator>().MigrateAsync(first);
        var timestamp = StoredTimestamp(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        foreach (var insert in s_firstReleaseRows)
        {
            await database.ExecuteSqlAsync(insert.Replace("{t}", timestamp, StringComparison.Ordinal));
        }
        var tables = (await database.TableNamesAsync()).Where(t => !t.StartsWith("__EF", StringComparison.Ordinal) && !t.StartsWith("sqlite_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        var before = new Dictionary<string, Table>();
        foreach (var table in tables)
        {
            before[table] = await ReadAsync(db, table, columns: null);
        }
        // A table added to the first migration without a row here would be an upgrade path nobody tests.
        Assert.All(tables, t => Assert.True(before[t].Rows.Count > 0, $"Table {t} has no row: add one to s_firstReleaseRows."));

        // Act: today's migrations, the way the portal applies them at start.
        await PortalDatabase.MigrateAsync(db);

        // Assert: every table, column and row of the first release is still there with the same values.
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        foreach (var table in tables)
        {
            var after = await ReadAsync(db, table, before[table].Columns);
            Assert.True(before[table].Rows.Count == after.Rows.Count, $"{table}: {before[table].Rows.Count} row(s) before the upgrade, {after.Rows.Count} after.");
            Assert.True(before[table].Keys.SequenceEqual(after.Keys), $"{table}: keys {string.Join(", ", before[table].Keys)} before, {string.Join(", ", after.Keys)} after.");
            Assert.True(before[table].Rows.SequenceEqual(after.Rows),
                $"{table}: rows changed by the upgrade.{Environment.NewLine}Before: {string.Join(Environment.NewLine, before[table].Rows)}{Environment.NewLine}After: {string.Join(Environment.NewLine, after.Rows)}");
        }
    }

    [Fact]
    public async Task Migrate_AuditEntriesWrittenBeforeStructuredContent_TargetKindIdAndNameComeFromTheOldTarget()
    {
        // Arrange: audit entries as the releases before AuditStructuredContent wrote them.
        await using var database = TestDatabase.CreateEmpty();
        await using var db = database.CreateDbContext();
        var migrations = db.Database.GetMigrations().ToList();
        var structured = migrations.FindIndex(m => m.EndsWith("_AuditStructuredContent", StringComparison.Ordinal));
        await db.GetService<IMigrator>().MigrateAsync(migrations[structured - 1]);
        var t = StoredTimestamp(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        await database.ExecuteSqlAsync(
            """
            INSERT INTO "ZoomConnections" ("Id", "Name", "Slug", "Kind", "AccountId", "ClientId", "EncryptedClientSecret", "GrantedScopes", "ManagedByConfiguration", "Disabled", "CreatedAt") VALUES (3, 'Main account', 'main', 0, 'acct-3', 'client-3', 'CfDJ8-secret', '', FALSE, FALSE, {t});
            INSERT INTO "AuditEntries" ("Id", "At", "Actor", "Action", "Target", "OldValue", "NewValue", "ConnectionId") VALUES
                (1, {t}, 'dana', 'staff.updated', 'staff:42 ann@school.edu', '{{"Role":"Tutor"}}', '{{"Role":"Director"}}', 3),
                (2, {t}, 'dana', 'session.cancelled', 'session:17', NULL, NULL, 3),
                (3, {t}, 'dana', 'recordings.deleted-to-trash', 'recording:abc/+d==', NULL, NULL, 3),
                (4, {t}, 'ada', 'connection.renamed', 'Main account', NULL, NULL, 3),
                (5, {t}, 'dana', 'recordings.cleanup.deleted-to-trash', 'recordings:cleanup', NULL, NULL, NULL),
                (6, {t}, 'dana', 'staff.imported', 'staff roster', NULL, NULL, NULL),
                (7, {t}, 'ada', 'job.run-now', 'StaffSync · Main account', NULL, NULL, 3)
            """.Replace("{t}", t, StringComparison.Ordinal));

        // Act
        await PortalDatabase.MigrateAsync(db);

        // Assert
        var entries = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(
            [
                ("staff", "42", "ann@school.edu"), ("session", "17", null), ("recording", "abc/+d==", null), ("connection", "3", "Main account"),
                ("recording-cleanup", null, null), ("roster", null, null), (null, null, null),
            ],
            entries.Select(e => (e.TargetKind, e.TargetId, e.TargetName)));
        Assert.All(entries, e => Assert.Empty(e.Changes));
        Assert.Equal("dana changed staff member ann@school.edu: Role Tutor → Director", AuditSentence.Describe(entries[0]));
        Assert.Equal("ada ran “StaffSync · Main account” now", AuditSentence.Describe(entries[6]));
    }

    private static string StoredTimestamp(DateTimeOffset at) => TestDatabase.IsPostgreSql
        ? $"TIMESTAMPTZ '{at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+00'"
        : Convert.ToString(new DateTimeOffsetToBinaryConverter().ConvertToProvider(at), CultureInfo.InvariantCulture)!;

    /// <summary>A table's rows (the given columns, or all), each as one line of text, sorted; and its primary key values.</summary>
    private static async Task<Table> ReadAsync(PortalDbContext db, string table, IReadOnlyList<string>? columns)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var keyColumns = await ListAsync(connection, TestDatabase.IsPostgreSql
                ? $"""SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '"{table}"'::regclass AND i.indisprimary ORDER BY a.attnum"""
                : $"SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk");
            columns ??= await ListAsync(connection, TestDatabase.IsPostgreSql
                ? $"SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' ORDER BY ordinal_position"
                : $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");
            var rows = await ListAsync(connection, $"SELECT {string.Join(", ", columns.Select(c => $"\"{c}\""))} FROM \"{table}\"");
            var keys = await ListAsync(connection, $"SELECT {string.Join(", ", keyColumns.Select(c => $"\"{c}\""))} FROM \"{table}\"");
            return new Table(columns, rows, keys);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Each row of the query as "value | value | …", sorted.</summary>
    private static async Task<List<string>> ListAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private sealed record Table(IReadOnlyList<string> Columns, List<string> Rows, List<string> Keys);
}
