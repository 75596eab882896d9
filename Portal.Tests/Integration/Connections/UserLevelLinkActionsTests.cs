using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;
using Portal.Tests.Integration.Sessions;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;
using static Portal.Tests.Integration.Sessions.SessionsSandboxSeed;

namespace Portal.Tests.Integration.Connections;

/// <summary>
/// Sessions, recordings and staff actions on a link whose Zoom scopes cover only the user who linked it (Ada): anyone else
/// is refused with AccountWideAccess's reason before Zoom is called; Ada herself still works, through "me".
/// </summary>
public sealed class UserLevelLinkActionsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string Ada = "ada.admin@writing.example.edu";
    private const string SandboxAccount1 = "sandbox-account-1";
    private const string HiddenAccount = "hidden-while-linking";
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    private ZoomSandboxControl Sandbox => factory.Services.GetRequiredService<ZoomSandboxControl>();

    private sealed record Arranged(int LinkId, int TerryId, int AdaId, int NinaId, long TerrySessionId);

    private int ZoomApiCalls() =>
        Sandbox.AllRequestCounts().Where(kv => !kv.Key.Contains("/oauth/", StringComparison.Ordinal)).Sum(kv => kv.Value);

    private async Task<PortalDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>A user-level link of account 1 (by Ada); Terry, Nina and Ada are its staff; Terry hosts a scheduled session on it.</summary>
    private async Task<Arranged> ArrangeAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            var seed = await EnsureAsync(factory);
            using var admin = factory.CreatePortalClient();
            await admin.SignInAsync("admin");
            Sandbox.GrantUserLevelScopesOnly = true;
            int linkId;
            // The portal refuses a link of an account an app already connects; these tests need the two side by side, as a
            // database from before that rule may hold them: the app's account is hidden while linking, then restored.
            await using (var hide = await DbAsync())
            {
                await hide.ZoomConnections.Where(c => c.AccountId == SandboxAccount1 && c.Kind == ConnectionKind.ServerToServer)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.AccountId, HiddenAccount));
            }
            try
            {
                linkId = ZoomLinkFlow.ConnectionIdFrom(await ZoomLinkFlow.LinkAsync(admin));
            }
            finally
            {
                Sandbox.GrantUserLevelScopesOnly = false;
                await using var restore = await DbAsync();
                await restore.ZoomConnections.Where(c => c.AccountId == HiddenAccount)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.AccountId, SandboxAccount1));
            }
            var s2s = await factory.Services.GetRequiredService<IZoomTargetResolver>().ResolveAsync(seed.ConnectionId);
            var adaUser = await factory.Services.GetRequiredService<IZoomUsers>().GetUserAsync(s2s, Ada);

            await using var db = await DbAsync();
            var ada = await db.StaffMembers.Include(s => s.Mapping).FirstOrDefaultAsync(s => s.NormalizedEmail == Ada);
            if (ada is null)
            {
                ada = new StaffMember { Name = "Ada Admin", Email = Ada, NormalizedEmail = Ada, CreatedAt = factory.Clock.GetUtcNow(), UpdatedAt = factory.Clock.GetUtcNow() };
                db.StaffMembers.Add(ada);
            }
            ada.Mapping ??= new StaffMapping();
            ada.Mapping.Status = MappingStatus.Ready;
            ada.Mapping.ZoomUserId = adaUser!.Id;
            ada.Mapping.ZoomEmail = Ada;
            ada.Mapping.ZoomUserType = (int)ZoomUserType.Licensed;
            ada.Mapping.CheckedAt = factory.Clock.GetUtcNow();
            var ids = new[] { seed.StaffIds[Terry], seed.StaffIds[Nina] };
            foreach (var member in await db.StaffMembers.Include(s => s.Mapping).Where(s => ids.Contains(s.Id)).ToListAsync())
            {
                member.ConnectionId = linkId;
                member.Mapping!.ConnectionId = linkId;
            }
            ada.ConnectionId = linkId;
            ada.Mapping.ConnectionId = linkId;
            var session = await db.Sessions.FirstOrDefaultAsync(s => s.StaffMemberId == seed.StaffIds[Terry] && s.Topic == "User-level start");
            if (session is null)
            {
                var start = factory.Clock.GetUtcNow().AddDays(30);
                session = new Session
                {
                    StaffMemberId = seed.StaffIds[Terry], ConnectionId = linkId, ClientName = "Chris Client", ClientEmail = "chris.client@example.org",
                    StartsAt = start, EndsAt = start.AddHours(1), TimeZone = "UTC", DurationMinutes = 60, Topic = "User-level start",
                    ZoomMeetingId = 987654321, ZoomHostUserId = seed.ZoomUserIds[Terry], JoinTokenHash = JoinTokens.Hash(JoinTokens.New()),
                    JoinTokenExpiresAt = start.AddHours(2), State = SessionState.Scheduled, CreatedAt = factory.Clock.GetUtcNow(), UpdatedAt = factory.Clock.GetUtcNow(),
                };
                db.Sessions.Add(session);
            }
            await db.SaveChangesAsync();
            return new Arranged(linkId, seed.StaffIds[Terry], ada.Id, seed.StaffIds[Nina], session.Id);
        }
        finally
        {
            s_gate.Release();
        }
    }

    private T As<T>(IServiceScope scope, string role, string email) where T : notnull
    {
        var objectId = email switch { Dana => "dev-director", Terry => "dev-teacher", _ => "dev-admin" };
        var actor = new FakeCurrentActor(new Actor(email, objectId, email, new HashSet<string> { role }));
        var audit = ActivatorUtilities.CreateInstance<AuditLog>(scope.ServiceProvider, (ICurrentActor)actor);
        if (typeof(T) == typeof(RecordingService))
        {
            var access = ActivatorUtilities.CreateInstance<RecordingAccess>(scope.ServiceProvider, (ICurrentActor)actor);
            return (T)(object)ActivatorUtilities.CreateInstance<RecordingService>(scope.ServiceProvider, access, (IAuditLog)audit);
        }
        if (typeof(T) == typeof(SessionService))
        {
            return (T)(object)SessionServiceAs.Create(scope.ServiceProvider, actor, audit);
        }
        return ActivatorUtilities.CreateInstance<T>(scope.ServiceProvider, (ICurrentActor)actor, (IAuditLog)audit);
    }

    [Fact]
    public async Task Sessions_UserLevelLink_OtherTeacherRefusedWithReasonWithoutZoomCallLinkingUserScheduledAsMe()
    {
        // Arrange
        var a = await ArrangeAsync();
        using var scope = factory.Services.CreateScope();
        var director = As<SessionService>(scope, Roles.Director, Dana);
        var terry = As<SessionService>(scope, Roles.Teacher, Terry);
        var slot = new DateTimeOffset(factory.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero).AddDays(3).AddHours(9);
        var before = ZoomApiCalls();

        // Act
        var schedule = await director.ScheduleAsync(Request(a.TerryId, "For Terry on a user-level link", slot));
        var start = await terry.GetStartLinkAsync(a.TerrySessionId);
        var callsForOthers = ZoomApiCalls() - before;
        var own = await director.ScheduleAsync(Request(a.AdaId, $"Ada's own {Guid.NewGuid():N}", slot));
        var hosts = await director.ListSchedulableStaffAsync();

        // Assert
        Assert.False(schedule.Succeeded);
        Assert.Equal(SessionRefusal.NotAccountWide, schedule.Refusal);
        Assert.Contains("cannot offer sessions for other teachers", schedule.Message);
        Assert.Contains($"cover only {Ada}", schedule.Message);
        Assert.Equal(SessionRefusal.NotAccountWide, start.Refusal);
        Assert.Contains("cannot offer sessions for other teachers", start.Message);
        Assert.Null(start.StartUrl);
        Assert.Equal(0, callsForOthers);
        Assert.True(own.Succeeded, own.Message);
        Assert.True(Sandbox.RequestCount("POST", "/users/{userId}/meetings") > 0);
        await using var db = await DbAsync();
        var saved = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == own.SessionId);
        Assert.Equal(a.LinkId, saved.ConnectionId);
        Assert.NotEqual("me", saved.ZoomHostUserId);
        Assert.Equal(schedule.Message, hosts.Single(h => h.Id == a.TerryId).SwitchedOffReason);
        Assert.Null(hosts.Single(h => h.Id == a.AdaId).SwitchedOffReason);
    }

    [Fact]
    public async Task RecordingsCleanup_UserLevelLink_AnotherTeachersRecording_NotDeletedAndThePlainReasonGiven()
    {
        // Arrange: one of Terry's recordings, found through the Server-to-Server connection
        var a = await ArrangeAsync();
        var seed = await EnsureAsync(factory);
        var zoom = factory.Services.GetRequiredService<IZoomRecordings>();
        var s2s = await factory.Services.GetRequiredService<IZoomTargetResolver>().ResolveAsync(seed.ConnectionId);
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var terrys = new List<ZoomRecordingMeeting>();
        await foreach (var page in zoom.ListUserRecordingsAsync(s2s, seed.ZoomUserIds[Terry]!, today.AddMonths(-6), today))
        {
            terrys.AddRange(page);
        }
        var meeting = terrys.First();
        using var scope = factory.Services.CreateScope();
        var actor = new FakeCurrentActor(new Actor(Dana, "dev-director", Dana, new HashSet<string> { Roles.Director }));
        var access = ActivatorUtilities.CreateInstance<RecordingAccess>(scope.ServiceProvider, (ICurrentActor)actor);
        var audit = ActivatorUtilities.CreateInstance<AuditLog>(scope.ServiceProvider, (ICurrentActor)actor);
        var recordings = ActivatorUtilities.CreateInstance<RecordingService>(scope.ServiceProvider, access, (IAuditLog)audit);
        var cleanup = ActivatorUtilities.CreateInstance<RecordingCleanupService>(scope.ServiceProvider, access, recordings, (IAuditLog)audit);

        // Act: the user-level link (Ada's) is asked to delete Terry's recording
        var result = await cleanup.DeleteAsync([new CleanupTarget(a.LinkId, meeting.Uuid, meeting.Topic, 1, "Terry Teacher")], permanently: false);

        // Assert
        var outcome = Assert.Single(result.Outcomes);
        Assert.False(outcome.Deleted);
        Assert.Contains("Zoom wants the scope", outcome.Error);
        Assert.Contains("link it again and approve the admin permissions", outcome.Error);
        Assert.DoesNotContain("Invalid access token", outcome.Error);
        Assert.NotNull(await zoom.GetMeetingRecordingsAsync(s2s, meeting.Uuid));
    }

    [Fact]
    public async Task Recordings_UserLevelLink_OtherTeacherRefusedWithReasonWithoutZoomCallLinkingUserListedAsMe()
    {
        // Arrange
        var a = await ArrangeAsync();
        using var scope = factory.Services.CreateScope();
        var director = As<RecordingService>(scope, Roles.Director, Dana);
        var from = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime).AddMonths(-2);
        var to = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var before = ZoomApiCalls();

        // Act
        var owner = await director.GetOwnerAsync(a.TerryId);
        var listing = await Assert.ThrowsAsync<RecordingAccessDeniedException>(async () =>
        {
            await foreach (var _ in director.ListByMonthAsync(a.TerryId, from, to))
            {
            }
        });
        var trash = await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => director.ListTrashAsync(a.TerryId));
        var callsForOthers = ZoomApiCalls() - before;
        var adaMonths = new List<RecordingMonth>();
        await foreach (var month in director.ListByMonthAsync(a.AdaId, from, to))
        {
            adaMonths.Add(month);
        }

        // Assert
        Assert.False(owner.CanList);
        Assert.Contains("cannot offer recordings of other teachers", owner.Problem);
        Assert.Contains($"cover only {Ada}", owner.SwitchedOffReason);
        Assert.Equal(owner.Problem, listing.Message);
        Assert.Equal(owner.Problem, trash.Message);
        Assert.Equal(0, callsForOthers);
        Assert.NotEmpty(adaMonths);
        Assert.All(adaMonths, m => Assert.Null(m.Error));
    }

    [Fact]
    public async Task StaffActions_UserLevelLink_InviteAndLicenceRefusedWithReasonWithoutZoomCallLinkingUserRechecked()
    {
        // Arrange
        var a = await ArrangeAsync();
        using var scope = factory.Services.CreateScope();
        var actions = As<StaffActions>(scope, Roles.Director, Dana);
        await using (var db = await DbAsync())
        {
            var nina = await db.StaffMappings.SingleAsync(m => m.StaffMemberId == a.NinaId);
            nina.Status = MappingStatus.NotInZoom;
            await db.SaveChangesAsync();
        }
        var before = ZoomApiCalls();

        // Act
        var invite = await actions.InviteAsync([a.NinaId], licensed: true);
        var recheckTerry = await actions.RecheckAsync([a.TerryId]);
        var callsForOthers = ZoomApiCalls() - before;
        var recheckAda = await actions.RecheckAsync([a.AdaId]);

        // Assert
        var refused = Assert.Single(invite);
        Assert.False(refused.Succeeded);
        Assert.Contains("cannot offer staff invitations, licences, re-checks and settings fixes", refused.Message);
        Assert.Contains($"cover only {Ada}", refused.Message);
        Assert.False(Assert.Single(recheckTerry).Succeeded);
        Assert.Equal(0, callsForOthers);
        var own = Assert.Single(recheckAda);
        Assert.True(own.Succeeded, own.Message);
        Assert.Contains("Ready", own.Message);
    }
}
