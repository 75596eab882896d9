using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Staff;
using Portal.Tests.Core.Staff;

namespace Portal.Tests.Core.Audit;

/// <summary>A change and its audit entry are saved together or not at all, on the real test database.</summary>
public sealed class AuditWithChangeTests : IAsyncLifetime
{
    private readonly StaffTestHost _host = new();

    [Fact]
    public async Task SaveAsync_ChangeFails_LeavesNoAuditEntry()
    {
        // Arrange: the roster history row written with the edit cannot be inserted.
        var id = await _host.AddMemberAsync("Sam Tutor", "sam.tutor@univ.edu", null);
        var service = _host.Get<IStaffService>();
        await using var failing = await _host.Database.FailInsertsAsync("StaffHistory");

        // Act
        await Assert.ThrowsAnyAsync<DbUpdateException>(() =>
            service.SaveAsync(new StaffMemberInput { Id = id, Name = "Sam Renamed", Email = "sam.tutor@univ.edu", StaffRole = "Tutor" }));

        // Assert
        await using var db = await _host.DbAsync();
        Assert.Equal("Sam Tutor", (await db.StaffMembers.SingleAsync(s => s.Id == id)).Name);
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task SaveAsync_AuditInsertFails_RollsTheEditBack()
    {
        // Arrange
        var id = await _host.AddMemberAsync("Sam Tutor", "sam.tutor@univ.edu", null);
        var service = _host.Get<IStaffService>();
        await using var failing = await _host.Database.FailInsertsAsync("AuditEntries");

        // Act
        await Assert.ThrowsAnyAsync<DbUpdateException>(() =>
            service.SaveAsync(new StaffMemberInput { Id = id, Name = "Sam Renamed", Email = "sam.tutor@univ.edu", StaffRole = "Tutor" }));

        // Assert
        await using var db = await _host.DbAsync();
        Assert.Equal("Sam Tutor", (await db.StaffMembers.SingleAsync(s => s.Id == id)).Name);
        Assert.Empty(await db.Set<StaffHistory>().Where(h => h.StaffMemberId == id).ToListAsync());
    }

    [Fact]
    public async Task SaveAsync_NewMemberAuditInsertFails_LeavesNoMember()
    {
        // Arrange
        var service = _host.Get<IStaffService>();
        await using var failing = await _host.Database.FailInsertsAsync("AuditEntries");

        // Act
        await Assert.ThrowsAnyAsync<DbUpdateException>(() =>
            service.SaveAsync(new StaffMemberInput { Name = "New Tutor", Email = "new.tutor@univ.edu", StaffRole = "Tutor" }));

        // Assert
        await using var db = await _host.DbAsync();
        Assert.Empty(await db.StaffMembers.ToListAsync());
        Assert.Empty(await db.Set<StaffHistory>().ToListAsync());
    }

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();
}
