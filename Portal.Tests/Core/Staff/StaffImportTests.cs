using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Staff;

namespace Portal.Tests.Core.Staff;

public sealed class StaffImportTests : IAsyncLifetime
{
    private const string Header = "name,email,aliases,role,connection,active";
    private readonly StaffTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();
    public Task DisposeAsync() => _host.DisposeAsync();

    private static MemoryStream Csv(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new MemoryStream(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
    }

    private async Task<int> RosterCountAsync()
    {
        await using var db = await _host.DbAsync();
        return await db.StaffMembers.CountAsync();
    }

    [Theory]
    [InlineData("fullname,mail,aliases\nAnn,ann@univ.edu,", "lacks the column 'name'")]
    [InlineData("name,aliases\nAnn,", "lacks the column 'email'")]
    [InlineData("name,email,colour\nAnn,ann@univ.edu,red", "Unknown column 'colour'")]
    [InlineData("", "The file is empty")]
    [InlineData(Header + "\n", "no rows")]
    public async Task Preview_BadHeader_RejectedOnLineOneAndNothingWritten(string text, string expected)
    {
        // Arrange
        var service = _host.Get<IStaffService>();

        // Act
        var preview = await service.PreviewImportAsync(Csv(text), deactivateMissing: false);

        // Assert
        var error = Assert.Single(preview.Errors, e => e.Reason.Contains(expected, StringComparison.Ordinal));
        Assert.Equal(1, error.Line);
        Assert.False(preview.CanConfirm);
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.CommitImportAsync(preview));
        Assert.Equal(0, await RosterCountAsync());
    }

    [Fact]
    public async Task Preview_BomEmptyLinesQuotedCommasAndHeaderCase_ParsedWithLineNumbers()
    {
        // Arrange
        var connectionId = await _host.AddConnectionAsync("Demo writing center");
        var text = "Name,EMAIL,Aliases,Role,Connection,Active\r\n\r\n\"Doe, Jane\",jane@univ.edu,\"j.doe@univ.edu;jd@univ.edu\",Tutor,Demo writing center,yes\r\n\r\n  Bob  , BOB@univ.edu ,,,,\r\n";

        // Act
        var preview = await _host.Get<IStaffService>().PreviewImportAsync(Csv(text, bom: true), false);

        // Assert
        Assert.Empty(preview.Errors);
        Assert.Equal(2, preview.Adds.Count);
        var jane = preview.Adds[0];
        Assert.Equal(3, jane.Line);
        Assert.Equal("Doe, Jane", jane.Values.Name);
        Assert.Equal("j.doe@univ.edu;jd@univ.edu", jane.Values.Aliases);
        Assert.Equal(connectionId, jane.Values.ConnectionId);
        Assert.Equal(5, preview.Adds[1].Line);
        Assert.Equal("Bob", preview.Adds[1].Values.Name);
        Assert.Equal("Tutor", preview.Adds[1].Values.StaffRole);
        Assert.Equal(0, await RosterCountAsync());
    }

    [Fact]
    public async Task Preview_BadRows_EachNamedWithLineAndReason_NothingWritten()
    {
        // Arrange
        await _host.AddConnectionAsync("Demo");
        await _host.AddMemberAsync("Existing", "existing@univ.edu", null, aliases: "old@univ.edu");
        var text = string.Join('\n',
            Header,
            "Good,good@univ.edu,,Tutor,Demo,true",
            "Bad mail,not-an-email,,Tutor,Demo,true",
            "Dup,good@univ.edu,,Tutor,Demo,true",
            "Conn,conn@univ.edu,,Tutor,Nowhere,true",
            "Act,act@univ.edu,,Tutor,Demo,maybe",
            ",noname@univ.edu,,Tutor,Demo,true",
            "Alias,alias@univ.edu,broken alias,Tutor,Demo,true",
            "Taken,taken@univ.edu,old@univ.edu,Tutor,Demo,true",
            "Short,short@univ.edu,Tutor");

        // Act
        var service = _host.Get<IStaffService>();
        var preview = await service.PreviewImportAsync(Csv(text), false);

        // Assert
        var byLine = preview.Errors.ToDictionary(e => e.Line, e => e.Reason);
        Assert.Contains("invalid e-mail 'not-an-email'", byLine[3], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("duplicate in the file: good@univ.edu is already on line 2", byLine[4], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("unknown connection 'Nowhere'", byLine[5], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("bad value 'maybe' in 'active'", byLine[6], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("name is empty", byLine[7], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("invalid alias 'broken alias'", byLine[8], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("old@univ.edu already belongs to Existing", byLine[9], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Has 3 fields", byLine[10], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(8, preview.Errors.Count);
        Assert.False(preview.CanConfirm);
        await Assert.ThrowsAsync<InvalidOperationException>(() => service.CommitImportAsync(preview));
        Assert.Equal(1, await RosterCountAsync());
    }

    [Fact]
    public async Task Import_TenThousandRows_PreviewThenOneTransaction()
    {
        // Arrange
        await _host.AddConnectionAsync("Demo");
        var sb = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 10_000; i++)
        {
            sb.Append($"Person {i},person{i}@univ.edu,p{i}@old.univ.edu,Tutor,Demo,true\n");
        }
        var service = _host.Get<IStaffService>();

        // Act
        var watch = Stopwatch.StartNew();
        var preview = await service.PreviewImportAsync(Csv(sb.ToString(), bom: true), false);
        var previewTime = watch.Elapsed;
        Assert.Equal(0, await RosterCountAsync());
        await service.CommitImportAsync(preview);

        // Assert
        Assert.Empty(preview.Errors);
        Assert.Equal(10_000, preview.Adds.Count);
        Assert.Equal(10_000, await RosterCountAsync());
        Assert.True(previewTime < TimeSpan.FromSeconds(10), $"Preview took {previewTime}");
    }

    [Fact]
    public async Task Reimport_UpdatesMatchedByEmailAndDeactivatesMissing()
    {
        // Arrange
        await _host.AddConnectionAsync("Demo");
        var service = _host.Get<IStaffService>();
        var first = await service.PreviewImportAsync(Csv($"{Header}\nAnn,ann@univ.edu,,Tutor,Demo,true\nBen,ben@univ.edu,,Tutor,Demo,true\nCat,cat@univ.edu,,Tutor,Demo,true"), false);
        await service.CommitImportAsync(first);

        // Act
        var second = await service.PreviewImportAsync(Csv($"{Header}\nAnn Smith,ANN@univ.edu,,Consultant,Demo,true\nBen,ben@univ.edu,,Tutor,Demo,true\nDan,dan@univ.edu,,Tutor,Demo,true"), deactivateMissing: true);
        await service.CommitImportAsync(second);

        // Assert
        Assert.Single(second.Adds);
        var update = Assert.Single(second.Updates);
        Assert.Contains("name Ann → Ann Smith", update.Changes);
        Assert.Contains("role Tutor → Consultant", update.Changes);
        Assert.Equal(1, second.Unchanged);
        Assert.Equal("cat@univ.edu", Assert.Single(second.Deactivations).Email);
        await using var db = await _host.DbAsync();
        var roster = await db.StaffMembers.OrderBy(s => s.NormalizedEmail).ToListAsync();
        Assert.Equal(4, roster.Count);
        Assert.Equal("Ann Smith", roster[0].Name);
        Assert.False(roster.Single(s => s.NormalizedEmail == "cat@univ.edu").Active);
        Assert.True(await db.Set<StaffHistory>().AnyAsync(h => h.Summary.Contains("Deactivated by CSV import")));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "staff.imported"));
    }

    [Fact]
    public async Task Export_FormulaCells_AreNeutralised()
    {
        // Arrange
        await _host.AddMemberAsync("=HYPERLINK(\"http://evil\")", "eve@univ.edu", null);
        await _host.AddMemberAsync("+Plus", "plus@univ.edu", null);
        var writer = new StringWriter();

        // Act
        await StaffCsv.WriteAsync(_host.Get<IStaffService>().ExportAsync(new StaffQuery()), writer, CancellationToken.None);

        // Assert
        var text = writer.ToString();
        Assert.StartsWith("name,email,aliases,role,connection,active,status", text);
        Assert.DoesNotContain("\n=HYPERLINK", text);
        Assert.DoesNotContain("\n+Plus", text);
        Assert.Contains("'+Plus", text);
    }

    [Fact]
    public async Task Export_Teacher_Refused()
    {
        _host.Actor.Actor = StaffTestHost.Teacher;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(async () =>
        {
            await foreach (var _ in _host.Get<IStaffService>().ExportAsync(new StaffQuery()))
            {
            }
        });
    }
}
