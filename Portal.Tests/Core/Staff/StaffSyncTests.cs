using Microsoft.EntityFrameworkCore;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Staff;
using Portal.Core.Zoom;

namespace Portal.Tests.Core.Staff;

public sealed class StaffSyncTests : IAsyncLifetime
{
    private readonly StaffTestHost _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();
    public Task DisposeAsync() => _host.DisposeAsync();

    private static ZoomUser User(string? id, string email, int type = 2, ZoomUserStatus status = ZoomUserStatus.Active, int loginDaysAgo = 1) =>
        new(id, email, null, null, email, type, status, "acc", TimeProvider.System.GetUtcNow().AddDays(-loginDaysAgo), null, null);

    [Fact]
    public async Task Sync_ReadsEveryStatusPageByPage_StoresMappingSnapshotAndHistory()
    {
        // Arrange
        var c = await _host.AddConnectionAsync();
        var ready = await _host.AddMemberAsync("Ready", "ready@univ.edu", c);
        var pending = await _host.AddMemberAsync("Pending", "pending@univ.edu", c);
        var missing = await _host.AddMemberAsync("Missing", "missing@univ.edu", c);
        _host.Zoom.Users.Add(User("z1", "Ready@univ.edu"));
        _host.Zoom.Users.Add(User(null, "pending@univ.edu", 1, ZoomUserStatus.Pending));
        for (var i = 0; i < 650; i++)
        {
            _host.Zoom.Users.Add(User($"g{i}", $"g{i}@univ.edu"));
        }

        // Act
        var run = await _host.Get<IStaffSyncService>().SyncAsync(c, null, "test");

        // Assert
        Assert.True(run.Succeeded);
        Assert.Equal(652, run.ZoomUsers);
        Assert.Equal(5, run.PagesRead); // 3 active pages of 300, 1 pending, 1 (empty) inactive
        Assert.Equal(5, _host.Zoom.ListPagesServed);
        await using var db = await _host.DbAsync();
        var mappings = await db.StaffMappings.ToDictionaryAsync(m => m.StaffMemberId);
        Assert.Equal(MappingStatus.Ready, mappings[ready].Status);
        Assert.Equal(MappingStatus.Pending, mappings[pending].Status);
        Assert.Equal(MappingStatus.NotInZoom, mappings[missing].Status);
        Assert.Equal(652, await db.ZoomUserSnapshots.CountAsync());
        Assert.Equal(650, await db.ZoomUserSnapshots.CountAsync(u => u.StaffMemberId == null));
        Assert.Equal(3, await db.Set<StaffHistory>().CountAsync(h => h.Kind == StaffHistoryKind.StatusChange));
        Assert.Equal(3, await db.AuditEntries.CountAsync(a => a.Action == "staff.status-changed"));
    }

    [Fact]
    public async Task Sync_Progress_NamesEachZoomStatusInWords()
    {
        // Arrange
        var c = await _host.AddConnectionAsync();
        _host.Zoom.Users.Add(User("z1", "ready@univ.edu"));
        _host.Zoom.Users.Add(User(null, "pending@univ.edu", 1, ZoomUserStatus.Pending));
        _host.Zoom.Users.Add(User("z3", "gone@univ.edu", 1, ZoomUserStatus.Inactive));
        var messages = new List<string>();

        // Act
        await _host.Get<IStaffSyncService>().SyncAsync(c, new SynchronousProgress<Portal.Core.Jobs.JobProgress>(p => messages.Add(p.Message)), "test");

        // Assert
        Assert.Contains(messages, m => m.Contains("Active users", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Pending users", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Deactivated users", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains("(active)", StringComparison.Ordinal) || m.Contains("inactive", StringComparison.Ordinal));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [Fact]
    public async Task Sync_SecondRunWithoutChanges_WritesNoNewHistory()
    {
        var c = await _host.AddConnectionAsync();
        await _host.AddMemberAsync("Ready", "ready@univ.edu", c);
        _host.Zoom.Users.Add(User("z1", "ready@univ.edu"));
        var sync = _host.Get<IStaffSyncService>();

        await sync.SyncAsync(c, null, "test");
        await sync.SyncAsync(c, null, "test");

        await using var db = await _host.DbAsync();
        Assert.Equal(1, await db.Set<StaffHistory>().CountAsync());
        Assert.Equal(1, await db.ZoomUserSnapshots.CountAsync());
        Assert.Equal(2, await db.SyncRuns.CountAsync(r => r.Succeeded));
    }

    [Fact]
    public async Task Sync_ZoomFailsMidway_KeepsLastGoodMappingAndRecordsWhy()
    {
        // Arrange
        var c = await _host.AddConnectionAsync();
        var id = await _host.AddMemberAsync("Ready", "ready@univ.edu", c);
        _host.Zoom.Users.Add(User("z1", "ready@univ.edu"));
        var sync = _host.Get<IStaffSyncService>();
        await sync.SyncAsync(c, null, "test");
        _host.Zoom.ListFailure = new ZoomOAuthException(System.Net.HttpStatusCode.BadRequest, "invalid_client", "Invalid client_id or client_secret");

        // Act
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => sync.SyncAsync(c, null, "test"));

        // Assert
        Assert.Contains("Zoom refused the connection's credentials", ex.Message);
        await using var db = await _host.DbAsync();
        Assert.Equal(MappingStatus.Ready, (await db.StaffMappings.SingleAsync(m => m.StaffMemberId == id)).Status);
        Assert.Equal(1, await db.ZoomUserSnapshots.CountAsync());
        var failed = await db.SyncRuns.SingleAsync(r => !r.Succeeded);
        Assert.Contains("invalid_client", failed.Error);
        var state = Assert.Single(await _host.Get<IStaffService>().SyncStatesAsync());
        Assert.True(state.LastFailed);
        Assert.NotNull(state.LastGood);
    }

    [Fact]
    public async Task Sync_MemberInAnotherConnectionsAccount_InAnotherAccount()
    {
        var first = await _host.AddConnectionAsync("First");
        var second = await _host.AddConnectionAsync("Second", accountId: "acc-2");
        var olga = await _host.AddMemberAsync("Olga", "olga@univ.edu", first);
        var sync = _host.Get<IStaffSyncService>();
        await sync.ApplyAsync(second, [User("o1", "olga@univ.edu")], new SyncFetchStats(1, 1, TimeProvider.System.GetUtcNow()), "test");

        await sync.ApplyAsync(first, [User("x", "x@univ.edu")], new SyncFetchStats(1, 1, TimeProvider.System.GetUtcNow()), "test");

        await using var db = await _host.DbAsync();
        var mapping = await db.StaffMappings.SingleAsync(m => m.StaffMemberId == olga);
        Assert.Equal(MappingStatus.InAnotherAccount, mapping.Status);
        Assert.Contains("Second", mapping.Reason);
    }

    [Fact]
    public async Task Sync_MemberInAnotherConnectionsAccount_InAnotherAccountFromTheReadDuringTheListing()
    {
        var first = await _host.AddConnectionAsync("First");
        var second = await _host.AddConnectionAsync("Second", accountId: "acc-2");
        var olga = await _host.AddMemberAsync("Olga", "olga@univ.edu", first);
        await _host.Get<IStaffSyncService>().ApplyAsync(second, [User("o1", "olga@univ.edu")], new SyncFetchStats(1, 1, TimeProvider.System.GetUtcNow()), "test");
        _host.Zoom.Users.Add(User("x", "x@univ.edu"));

        await _host.Get<IStaffSyncService>().SyncAsync(first, null, "test");

        await using var db = await _host.DbAsync();
        var mapping = await db.StaffMappings.SingleAsync(m => m.StaffMemberId == olga);
        Assert.Equal(MappingStatus.InAnotherAccount, mapping.Status);
        Assert.Contains("Second", mapping.Reason);
    }

    [Fact]
    public async Task Apply_StoresEachValueAsGiven_DatesNullsUnicodeAndFirstOfDuplicateUsers()
    {
        // Arrange
        var c = await _host.AddConnectionAsync();
        var zoe = await _host.AddMemberAsync("Zoë O'Brien", "zoe@univ.edu", c);
        var login = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 123, TimeSpan.FromHours(2));
        const string name = "Zoë \"Zo\" O'Brien, 张伟 😀 \\ ;";
        const string actor = "O'Test \"quoted\" ünï";
        ZoomUser[] users =
        [
            new("z1", " Zoe@Univ.edu ", null, null, name, 2, ZoomUserStatus.Active, "acc", login, null, null),
            new("z1", "other@univ.edu", null, null, "Same id again", 1, ZoomUserStatus.Active, "acc", null, null, null),
            new(null, "pending@univ.edu", "Pé", "Ñúñez", null, 1, ZoomUserStatus.Pending, "acc", null, null, null),
            new("  ", "PENDING@univ.edu", null, null, "Same address again", 1, ZoomUserStatus.Pending, "acc", login, null, null),
        ];

        // Act
        var before = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        var run = await _host.Get<IStaffSyncService>().ApplyAsync(c, users, new SyncFetchStats(1, 1, before), actor);

        // Assert
        await using var db = await _host.DbAsync();
        var snapshots = await db.ZoomUserSnapshots.OrderBy(u => u.NormalizedEmail).ToListAsync();
        Assert.Equal(["pending@univ.edu", "zoe@univ.edu"], snapshots.Select(u => u.NormalizedEmail));
        var pending = snapshots[0];
        Assert.Null(pending.ZoomUserId);
        Assert.Equal("pending@univ.edu", pending.Email);
        Assert.Equal("Pé Ñúñez", pending.DisplayName);
        Assert.Equal((1, "pending", null, null, run.Id, c), (pending.Type, pending.Status, pending.LastLoginAt, pending.StaffMemberId, pending.SyncRunId, pending.ConnectionId));
        var zoom = snapshots[1];
        Assert.Equal(("z1", "Zoe@Univ.edu", name, 2, "active"), (zoom.ZoomUserId, zoom.Email, zoom.DisplayName, zoom.Type, zoom.Status));
        Assert.Equal((login, TimeSpan.Zero), (zoom.LastLoginAt!.Value, zoom.LastLoginAt.Value.Offset));
        Assert.Equal((zoe, run.Id), (zoom.StaffMemberId, zoom.SyncRunId));

        var mapping = await db.StaffMappings.SingleAsync();
        Assert.Equal((zoe, MappingStatus.Ready, MappingFix.None), (mapping.StaffMemberId, mapping.Status, mapping.Fix));
        Assert.Contains("case-only difference", mapping.Reason);
        Assert.Equal(("z1", "Zoe@Univ.edu", 2, "active", login), (mapping.ZoomUserId, mapping.ZoomEmail, mapping.ZoomUserType, mapping.ZoomStatus, mapping.ZoomLastLoginAt));
        Assert.Equal((c, run.Id), (mapping.ConnectionId, mapping.SyncRunId));
        Assert.InRange(mapping.CheckedAt, before, TimeProvider.System.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, mapping.CheckedAt.Offset);

        var history = await db.Set<StaffHistory>().SingleAsync();
        Assert.Equal((zoe, StaffHistoryKind.StatusChange, actor, null, MappingStatus.Ready), (history.StaffMemberId, history.Kind, history.Actor, history.OldStatus, history.NewStatus));
        Assert.Equal($"Not checked → Ready: {mapping.Reason}", history.Summary);
        Assert.Equal(mapping.CheckedAt, history.At);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == "staff.status-changed");
        Assert.Equal((actor, $"staff:{zoe} zoe@univ.edu", c), (audit.Actor, audit.Target, audit.ConnectionId));
        Assert.Equal(("staff", zoe.ToString(), "zoe@univ.edu"), (audit.TargetKind, audit.TargetId, audit.TargetName));
        Assert.Equal([new AuditChange("Status", "Not checked", "Ready")], audit.Changes);
        Assert.Equal(mapping.CheckedAt, audit.At);
    }

    [Fact]
    public async Task Apply_WriteFailsPartway_KeepsTheLastSyncWhole()
    {
        // Arrange
        var c = await _host.AddConnectionAsync();
        var ready = await _host.AddMemberAsync("Ready", "ready@univ.edu", c);
        var sync = _host.Get<IStaffSyncService>();
        var stats = new SyncFetchStats(1, 1, TimeProvider.System.GetUtcNow());
        await sync.ApplyAsync(c, [User("r1", "ready@univ.edu")], stats, "test");
        ZoomUser[] changed = [User("r1", "ready@univ.edu", status: ZoomUserStatus.Inactive), .. Enumerable.Range(0, 500).Select(i => User($"n{i}", $"new{i}@univ.edu"))];

        // Act: the audit rows are the last written, after snapshots, mappings and history.
        await using (await _host.Database.FailInsertsAsync("AuditEntries"))
        {
            var ex = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => sync.ApplyAsync(c, changed, stats, "test"));
            Assert.Contains("disk full", ex.Message);
        }

        // Assert
        await using var db = await _host.DbAsync();
        Assert.Equal(MappingStatus.Ready, (await db.StaffMappings.SingleAsync(m => m.StaffMemberId == ready)).Status);
        Assert.Equal("r1", (await db.ZoomUserSnapshots.SingleAsync()).ZoomUserId);
        Assert.Equal(1, await db.SyncRuns.CountAsync());
        Assert.Equal(1, await db.Set<StaffHistory>().CountAsync());
    }

    [Fact]
    public async Task Invite_NotInZoom_BecomesPendingWithHistoryAndAudit()
    {
        var c = await _host.AddConnectionAsync();
        var nina = await _host.AddMemberAsync("Nina Notinzoom", "nina@univ.edu", c);
        await _host.Get<IStaffSyncService>().SyncAsync(c, null, "test");

        var result = Assert.Single(await _host.Get<IStaffActions>().InviteAsync([nina], licensed: false));

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(new ZoomNewUser("nina@univ.edu", ZoomUserType.Basic, "Nina", "Notinzoom"), Assert.Single(_host.Zoom.Created));
        var detail = await _host.Get<IStaffService>().GetAsync(nina);
        Assert.Equal(MappingStatus.Pending, detail!.Row.Status);
        Assert.Contains(detail.History, h => h.Summary.StartsWith("Not in Zoom → Pending", StringComparison.Ordinal));
        await using var db = await _host.DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "staff.invited"));
    }

    [Fact]
    public async Task AssignLicence_NoLicencesLeft_ClearErrorAndStatusUnchanged()
    {
        var c = await _host.AddConnectionAsync();
        var bea = await _host.AddMemberAsync("Bea", "bea@univ.edu", c);
        _host.Zoom.Users.Add(User("b1", "bea@univ.edu", type: 1));
        await _host.Get<IStaffSyncService>().SyncAsync(c, null, "test");
        _host.Zoom.UpdateTypeFailure = new ZoomApiException(System.Net.HttpStatusCode.BadRequest, 2034, "Your request was not accepted because you do not have enough licenses.");

        var result = Assert.Single(await _host.Get<IStaffActions>().AssignLicenceAsync([bea]));

        Assert.False(result.Succeeded);
        Assert.StartsWith("No licences left", result.Message);
        Assert.Equal(MappingStatus.Basic, (await _host.Get<IStaffService>().GetAsync(bea))!.Row.Status);
    }

    [Fact]
    public async Task AssignLicence_Basic_BecomesReady()
    {
        var c = await _host.AddConnectionAsync();
        var bea = await _host.AddMemberAsync("Bea", "bea@univ.edu", c);
        _host.Zoom.Users.Add(User("b1", "bea@univ.edu", type: 1));
        await _host.Get<IStaffSyncService>().SyncAsync(c, null, "test");

        var result = Assert.Single(await _host.Get<IStaffActions>().AssignLicenceAsync([bea]));

        Assert.True(result.Succeeded);
        Assert.Equal(("b1", ZoomUserType.Licensed), Assert.Single(_host.Zoom.TypeChanges));
        Assert.Equal(MappingStatus.Ready, (await _host.Get<IStaffService>().GetAsync(bea))!.Row.Status);
    }

    [Fact]
    public async Task Reclaim_OnlyAdministrators_AndOnlyListedCandidates()
    {
        var c = await _host.AddConnectionAsync();
        var lee = await _host.AddMemberAsync("Lee", "lee@univ.edu", c);
        _host.Zoom.Users.Add(User("l1", "lee@univ.edu", loginDaysAgo: 200));
        _host.Zoom.Users.Add(User("r1", "recent@univ.edu", loginDaysAgo: 3));
        await _host.Get<IStaffSyncService>().SyncAsync(c, null, "test");

        var candidates = await _host.Get<IStaffService>().ReclaimCandidatesAsync(null);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => _host.Get<IStaffActions>().ReclaimAsync(c, "l1"));
        Assert.Empty(_host.Zoom.TypeChanges);
        _host.Actor.Actor = StaffTestHost.Admin;
        var result = await _host.Get<IStaffActions>().ReclaimAsync(c, "l1");

        Assert.Equal("l1", Assert.Single(candidates).ZoomUserId);
        Assert.True(result.Succeeded);
        Assert.Equal(("l1", ZoomUserType.Basic), Assert.Single(_host.Zoom.TypeChanges));
        Assert.Equal(MappingStatus.Basic, (await _host.Get<IStaffService>().GetAsync(lee))!.Row.Status);
        Assert.Empty(await _host.Get<IStaffService>().ReclaimCandidatesAsync(null));
    }

    [Fact]
    public async Task Reclaim_MappingSaveFails_LeavesSnapshotAndAuditAsTheyWere()
    {
        // Arrange: the history line written with the new mapping cannot be inserted.
        var c = await _host.AddConnectionAsync();
        var lee = await _host.AddMemberAsync("Lee", "lee@univ.edu", c);
        _host.Zoom.Users.Add(User("l1", "lee@univ.edu", loginDaysAgo: 200));
        await _host.Get<IStaffSyncService>().SyncAsync(c, null, "test");
        _host.Actor.Actor = StaffTestHost.Admin;
        await using var failing = await _host.Database.FailInsertsAsync("StaffHistory");

        // Act
        var reclaim = () => _host.Get<IStaffActions>().ReclaimAsync(c, "l1");

        // Assert: the snapshot, the mapping and the audit log are saved together, so none of them changed.
        await Assert.ThrowsAnyAsync<DbUpdateException>(reclaim);
        Assert.Equal("l1", Assert.Single(await _host.Get<IStaffService>().ReclaimCandidatesAsync(null)).ZoomUserId);
        Assert.Equal(MappingStatus.Ready, (await _host.Get<IStaffService>().GetAsync(lee))!.Row.Status);
        await using var db = await _host.DbAsync();
        Assert.DoesNotContain(StaffAuditActions.LicenceReclaimed, await db.AuditEntries.Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task FixSettings_TurnsOnCloudRecordingAndWaitingRoom()
    {
        var c = await _host.AddConnectionAsync();
        var t = await _host.AddMemberAsync("Terry", "terry@univ.edu", c);
        _host.Zoom.Users.Add(User("t1", "terry@univ.edu"));
        await _host.Get<IStaffSyncService>().SyncAsync(c, null, "test");

        var before = (await _host.Get<IStaffActions>().GetSettingsAsync(t)).Settings!;
        var result = await _host.Get<IStaffActions>().FixSettingsAsync(t);

        Assert.True(before.NeedsFix);
        Assert.True(result.Succeeded);
        Assert.Equal(new ZoomUserSettingsUpdate(true, true), _host.Zoom.LastSettingsUpdate);
        Assert.False((await _host.Get<IStaffActions>().GetSettingsAsync(t)).Settings!.NeedsFix);
    }
}
