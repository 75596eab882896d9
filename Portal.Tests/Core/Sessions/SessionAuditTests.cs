using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;

namespace Portal.Tests.Core.Sessions;

/// <summary>Session changes and their audit entries are saved together: a failing audit write leaves the session as it was.</summary>
public sealed class SessionAuditTests : IAsyncLifetime
{
    private readonly SessionTestHarness _h = new();
    private int _terry;
    private int _tess;

    public Task InitializeAsync()
    {
        _h.Zoom.AddUser("zu-terry", "terry.teacher@writing.example.edu");
        _h.Zoom.AddUser("zu-tess", "tess.tutor@writing.example.edu");
        _terry = _h.AddStaff("Terry Teacher", "terry.teacher@writing.example.edu", "zu-terry");
        _tess = _h.AddStaff("Tess Tutor", "tess.tutor@writing.example.edu", "zu-tess");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Schedule_Succeeds_EntryNamesTheSessionAndItsFields()
    {
        // Act
        var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, "Essay review"));

        // Assert
        await using var db = _h.DbFactory.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == SessionAuditActions.Scheduled);
        Assert.Equal((AuditTargetKinds.Session, result.SessionId.ToString(), "Essay review"), (entry.TargetKind, entry.TargetId, entry.TargetName));
        Assert.Contains(new AuditChange("Staff", null, "terry.teacher@writing.example.edu"), entry.Changes);
        Assert.Contains(entry.Changes, c => c.Field == "StartsAt" && c.Before is null && c.After!.StartsWith("2026-11-26T09:00:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schedule_AuditInsertFails_KeepsNoSessionAndDeletesTheMeeting()
    {
        // Arrange
        await using var failing = await _h.Database.FailInsertsAsync("AuditEntries");

        // Act
        var schedule = () => _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry));

        // Assert: the failure surfaces, and neither the session nor its Zoom meeting is left behind.
        await Assert.ThrowsAnyAsync<DbUpdateException>(schedule);
        await using var db = _h.DbFactory.CreateDbContext();
        Assert.Empty(await db.Sessions.ToListAsync());
        Assert.Empty(_h.Zoom.Meetings);
    }

    [Fact]
    public async Task ChangeHost_RecreatedAndAuditInsertFails_SessionKeepsItsHostAndMeeting()
    {
        // Arrange: Zoom will not move the meeting, so the host change recreates it.
        var id = (await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry))).SessionId!.Value;
        var before = _h.Load(id);
        _h.Zoom.Fail(nameof(IZoomMeetings.UpdateMeetingAsync), new ZoomApiException(HttpStatusCode.BadRequest, ZoomErrorCodes.MeetingCreateConstraint, "schedule_for not allowed"));
        await using var failing = await _h.Database.FailInsertsAsync("AuditEntries");

        // Act
        var result = await _h.Service.ChangeHostAsync(id, _tess);

        // Assert
        var after = _h.Load(id);
        Assert.False(result.Succeeded);
        Assert.Equal((_terry, before.ZoomMeetingId), (after.StaffMemberId, after.ZoomMeetingId));
        Assert.Equal([before.ZoomMeetingId], _h.Zoom.Meetings.Keys);
    }

    [Fact]
    public async Task AssignLicence_AuditInsertFails_MappingStaysBasic()
    {
        // Arrange
        _h.Zoom.AddUser("zu-bea", "bea.basic@writing.example.edu", ZoomUserType.Basic);
        var bea = _h.AddStaff("Bea Basic", "bea.basic@writing.example.edu", "zu-bea", MappingStatus.Basic, SessionTestHarness.Now.AddDays(-2));
        _h.Actor.Set(Roles.Admin, "ada.admin@writing.example.edu");
        await using var failing = await _h.Database.FailInsertsAsync("AuditEntries");

        // Act
        var assign = () => _h.Service.AssignLicenceAsync(bea);

        // Assert
        await Assert.ThrowsAnyAsync<DbUpdateException>(assign);
        await using var db = _h.DbFactory.CreateDbContext();
        Assert.Equal(MappingStatus.Basic, (await db.StaffMappings.SingleAsync(m => m.StaffMemberId == bea)).Status);
    }

    [Fact]
    public async Task AssignLicence_Succeeds_EntryRecordsTheTypeChange()
    {
        // Arrange
        _h.Zoom.AddUser("zu-bea", "bea.basic@writing.example.edu", ZoomUserType.Basic);
        var bea = _h.AddStaff("Bea Basic", "bea.basic@writing.example.edu", "zu-bea", MappingStatus.Basic, SessionTestHarness.Now.AddDays(-2));
        _h.Actor.Set(Roles.Admin, "ada.admin@writing.example.edu");

        // Act
        await _h.Service.AssignLicenceAsync(bea);

        // Assert
        await using var db = _h.DbFactory.CreateDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == StaffAuditActions.LicenceAssigned);
        Assert.Equal("ada.admin@writing.example.edu assigned a Zoom licence to staff member bea.basic@writing.example.edu: Type Basic → Licensed",
            AuditSentence.Describe(entry));
    }
}
