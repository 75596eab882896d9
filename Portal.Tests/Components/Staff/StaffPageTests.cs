using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Components.Pages.Staff;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Staff;

public sealed class StaffPageTests : PortalComponentTest
{
    private readonly FakeStaffService _staff = new();
    private readonly FakeStaffActions _actions = new();

    public StaffPageTests()
    {
        Services.AddSingleton<IStaffService>(_staff);
        Services.AddSingleton<IStaffActions>(_actions);
        Services.AddSingleton<IJobRunner>(new FakeJobRunner());
        Services.AddScoped<IJobLauncher, JobLauncher>();
        Services.AddSingleton(TimeProvider.System);
        SignInAs("director");
    }

    [Fact]
    public void Render_RowsStatusesCountsAndOfferedFixes()
    {
        // Act
        var cut = Render<StaffPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Nina Notinzoom", cut.Markup));
        Assert.Contains("Bea Basic", cut.Markup);
        Assert.Contains("Not in Zoom: <b>1</b>", cut.Markup);
        Assert.Contains("Ready: <b>40</b>", cut.Markup);
        Assert.Contains("No user with this e-mail", cut.Markup);
        Assert.Equal("Invite to Zoom", cut.Find("button#invite-1").TextContent);
        Assert.Equal("Assign a licence", cut.Find("button#licence-2").TextContent);
        Assert.Equal("Select Bea Basic", cut.Find("input#select-2").GetAttribute("aria-label"));
        Assert.Contains("synced", cut.Find("#sync-state-7").TextContent);
    }

    [Fact]
    public void StatusChip_Click_FiltersServerQueryByStatus()
    {
        var cut = Render<StaffPage>();
        cut.WaitForAssertion(() => Assert.Contains("Nina Notinzoom", cut.Markup));

        cut.Find("#chip-NotInZoom").Click();

        cut.WaitForAssertion(() => Assert.Equal(MappingStatus.NotInZoom, _staff.Queries.Last().Status));
        Assert.All(_staff.Queries.Last() is { } q ? [q] : Array.Empty<StaffQuery>(), q => Assert.Equal(25, q.Take));
    }

    [Fact]
    public void Search_Typed_QueriesTheServerAfterAPauseAndShowsOnlyMatches()
    {
        // Arrange
        var cut = Render<StaffPage>();
        cut.WaitForAssertion(() => Assert.Contains("Nina Notinzoom", cut.Markup));

        // Act
        cut.Find("#staff-search").Input("bea");

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("bea", _staff.Queries.Last().Search));
        cut.WaitForAssertion(() => Assert.DoesNotContain("Nina Notinzoom", cut.Find("#staff-grid").TextContent));
        Assert.Contains("Bea Basic", cut.Find("#staff-grid").TextContent);
    }

    [Fact]
    public void ConnectionInTheAddress_GridAndCountsFollowIt_PickingAnotherChangesTheAddress()
    {
        // Arrange
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/staff?connection=7");

        // Act
        var cut = Render<StaffPage>();
        cut.WaitForAssertion(() => Assert.Contains("Nina Notinzoom", cut.Markup));
        cut.Find("#filter-connection").Change("");

        // Assert
        Assert.Contains(_staff.Queries, q => q.ConnectionId == 7);
        Assert.DoesNotContain("connection=", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusFilter_Select_FiltersServerQueryAndKeepsTheChoice()
    {
        // Arrange
        var cut = Render<StaffPage>();
        cut.WaitForAssertion(() => Assert.Contains("Nina Notinzoom", cut.Markup));

        // Act
        cut.Find("#filter-status").Change("Basic");

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(MappingStatus.Basic, _staff.Queries.Last().Status));
        Assert.Equal("Basic", cut.Find("#filter-status option[selected]").GetAttribute("value"));
        Assert.Equal("true", cut.Find("#chip-Basic").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void OpenedWithReclaimFilter_ShowsLicenceReclaimingTab_RosterTabBringsTheGridBack()
    {
        // Arrange: the dashboards link here with ?filter=reclaim
        Services.GetRequiredService<NavigationManager>().NavigateTo("/staff?filter=reclaim");

        // Act
        var cut = Render<StaffPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#tab-reclaim").GetAttribute("aria-selected")));
        Assert.Empty(cut.FindAll("#staff-grid"));
        cut.Find("#tab-roster").Click();
        cut.WaitForAssertion(() => Assert.Contains("Nina Notinzoom", cut.Find("#staff-grid").TextContent));
    }

    [Fact]
    public async Task Invite_ConfirmAsBasic_CallsActionAndShowsResult()
    {
        // Arrange
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<StaffPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("button#invite-1")));

        // Act
        // The click handler waits for the dialog's answer, so it is awaited only after answering.
        var clicking = cut.Find("#invite-1").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("Invite as Basic", dialogs.Markup));
        var basic = dialogs.FindAll("button").First(b => b.TextContent.Contains("Invite as Basic", StringComparison.Ordinal));
        await basic.ClickAsync(new());
        await clicking;

        // Assert
        cut.WaitForAssertion(() =>
        {
            var (ids, licensed) = _actions.Invites.Single();
            Assert.Equal([1], ids);
            Assert.False(licensed);
        });
        cut.WaitForAssertion(() => Assert.Contains("Invited nina@univ.edu", cut.Find("#action-results").TextContent));
    }

    [Fact]
    public void Render_NameWithMarkup_ShownAsTextNotMarkup()
    {
        // Arrange
        _staff.Rows.Add(FakeStaffService.Row(3, "<img src=x onerror=alert(1)>", "x@univ.edu", MappingStatus.Ready, "Reason with <b>tags</b>", MappingFix.None));

        // Act
        var cut = Render<StaffPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", cut.Markup));
        Assert.Empty(cut.FindAll("#staff-grid img"));
        Assert.Contains("Reason with &lt;b&gt;tags&lt;/b&gt;", cut.Markup);
    }

    [Fact]
    public async Task SelectRows_ThenBulkRecheck_ActsOnTheSelectedMembers()
    {
        // Arrange
        var cut = Render<StaffPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#select-1")));

        // Act
        cut.Find("#select-page").Change(true);
        cut.Find("#select-2").Change(false);
        cut.Find("#bulk-recheck").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal([1], _actions.Rechecks.Single()));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("#bulk-bar")));
    }

    [Fact]
    public void Pager_NextPage_AsksTheServerForTheNextRows()
    {
        // Arrange
        for (var id = 10; id < 40; id++)
        {
            _staff.Rows.Add(FakeStaffService.Row(id, $"Member {id}", $"m{id}@univ.edu", MappingStatus.Ready, "Licensed and active in Zoom.", MappingFix.None));
        }
        var cut = Render<StaffPage>();
        cut.WaitForAssertion(() => Assert.Contains("1–25 of 32", cut.Find("#page-range").TextContent));

        // Act
        cut.Find("#page-next").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(25, _staff.Queries.Last().Skip));
        cut.WaitForAssertion(() => Assert.Contains("26–32 of 32", cut.Find("#page-range").TextContent));
        Assert.True(cut.Find("#page-next").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_UserLevelConnection_NoInviteOrLicenceButtonsAndSaysWhy()
    {
        // Arrange
        _staff.SwitchedOffReason = "Demo is linked with user-level permissions only.";

        // Act
        var cut = Render<StaffPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Nina Notinzoom", cut.Markup));
        Assert.Empty(cut.FindAll("#invite-1"));
        Assert.Empty(cut.FindAll("#licence-2"));
        var note = cut.FindAll(".switched-off");
        Assert.Equal(2, note.Count);
        Assert.Contains("Fix: Invite to Zoom", cut.Markup);
        Assert.Equal("Demo is linked with user-level permissions only.", note[0].GetAttribute("title"));
    }
}

internal sealed class FakeStaffService : IStaffService
{
    public List<StaffQuery> Queries { get; } = [];

    public string? SwitchedOffReason { get; set; }

    public static StaffRow Row(int id, string name, string email, MappingStatus status, string reason, MappingFix fix) =>
        new(id, name, email, "", "Tutor", true, 7, "Demo", status, reason, fix, status == MappingStatus.NotInZoom ? null : "z" + id,
            status == MappingStatus.NotInZoom ? null : email, 1, "active", TimeProvider.System.GetUtcNow().AddDays(-3), TimeProvider.System.GetUtcNow());

    public List<StaffRow> Rows { get; } =
    [
        Row(1, "Nina Notinzoom", "nina@univ.edu", MappingStatus.NotInZoom, "No user with this e-mail in Demo.", MappingFix.Invite),
        Row(2, "Bea Basic", "bea@univ.edu", MappingStatus.Basic, "Active but unlicensed (Basic).", MappingFix.AssignLicence),
    ];

    public Task<StaffResultPage> QueryAsync(StaffQuery query, CancellationToken ct = default)
    {
        Queries.Add(query);
        var rows = Rows.Where(r => (query.Status is null || r.Status == query.Status)
            && (string.IsNullOrEmpty(query.Search) || r.Name.Contains(query.Search, StringComparison.OrdinalIgnoreCase))).ToList();
        return Task.FromResult(new StaffResultPage(rows.Skip(query.Skip).Take(query.Take).ToList(), rows.Count));
    }

    public Task<IReadOnlyDictionary<MappingStatus, int>> CountsAsync(StaffQuery query, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyDictionary<MappingStatus, int>>(new Dictionary<MappingStatus, int>
        {
            [MappingStatus.Ready] = 40, [MappingStatus.NotInZoom] = 1, [MappingStatus.Basic] = 1,
        });

    public Task<IReadOnlyList<string>> RolesAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<string>>(["Tutor"]);
    public Task<IReadOnlyList<ConnectionRef>> ConnectionsAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ConnectionRef>>([new(7, "Demo", "demo")]);

    public Task<IReadOnlyList<ConnectionSyncState>> SyncStatesAsync(CancellationToken ct = default)
    {
        var run = new SyncRun { Id = 1, ConnectionId = 7, StartedAt = TimeProvider.System.GetUtcNow().AddMinutes(-5), EndedAt = TimeProvider.System.GetUtcNow().AddMinutes(-5), Succeeded = true, ZoomUsers = 300, PagesRead = 3, ZoomCalls = 3 };
        return Task.FromResult<IReadOnlyList<ConnectionSyncState>>([new ConnectionSyncState(7, "Demo", run, run) { SwitchedOffReason = SwitchedOffReason }]);
    }

    public Task<StaffDetail?> GetAsync(int id, CancellationToken ct = default) =>
        Task.FromResult(Rows.FirstOrDefault(r => r.Id == id) is { } r ? new StaffDetail(r, null, TimeProvider.System.GetUtcNow(), History) : null);

    public List<StaffHistory> History { get; } = [new StaffHistory { Actor = "system", Summary = "Not checked → Not in Zoom: no user.", At = TimeProvider.System.GetUtcNow(), NewStatus = MappingStatus.NotInZoom }];

    public Task<StaffDetail?> GetMineAsync(CancellationToken ct = default) => GetAsync(1, ct);
    public Task<StaffMemberInput?> GetForEditAsync(int id, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<int> SaveAsync(StaffMemberInput input, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<ImportPreview> PreviewImportAsync(Stream csv, bool deactivateMissing, CancellationToken ct = default) => throw new NotSupportedException();
    public Task CommitImportAsync(ImportPreview preview, CancellationToken ct = default) => throw new NotSupportedException();
    public IAsyncEnumerable<StaffCsv.ExportRow> ExportAsync(StaffQuery query, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<(IReadOnlyList<UnmatchedZoomUser> Items, int Total)> UnmatchedZoomUsersAsync(int? connectionId, string? search, int skip, int take, CancellationToken ct = default) =>
        Task.FromResult<(IReadOnlyList<UnmatchedZoomUser>, int)>(([], 0));

    public Task<IReadOnlyList<ReclaimCandidate>> ReclaimCandidatesAsync(int? connectionId, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ReclaimCandidate>>([]);
    public int ReclaimAfterDays => 90;
}

internal sealed class FakeStaffActions : IStaffActions
{
    public List<(int[] Ids, bool Licensed)> Invites { get; } = [];
    public List<int[]> Rechecks { get; } = [];

    public Task<IReadOnlyList<StaffActionResult>> InviteAsync(IReadOnlyCollection<int> staffIds, bool licensed, CancellationToken ct = default)
    {
        Invites.Add((staffIds.ToArray(), licensed));
        return Task.FromResult<IReadOnlyList<StaffActionResult>>([new StaffActionResult(1, "Nina", true, "Invited nina@univ.edu: now Pending until they accept.")]);
    }

    public Task<IReadOnlyList<StaffActionResult>> AssignLicenceAsync(IReadOnlyCollection<int> staffIds, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StaffActionResult>>([new StaffActionResult(2, "Bea", false, "No licences left: every licence of the Zoom account is assigned.")]);

    public Task<IReadOnlyList<StaffActionResult>> RecheckAsync(IReadOnlyCollection<int> staffIds, CancellationToken ct = default)
    {
        Rechecks.Add(staffIds.ToArray());
        return Task.FromResult<IReadOnlyList<StaffActionResult>>([new StaffActionResult(1, "Nina", true, "Nina: still Not in Zoom.")]);
    }

    public Task<LicenceFigures?> LicencesLeftAsync(int connectionId, CancellationToken ct = default) => Task.FromResult<LicenceFigures?>(new LicenceFigures(10, 10, "Zoom, just now"));
    public ZoomSettingsResult Settings { get; set; } = new(new ZoomSettingsView(false, true, false));

    public Task<ZoomSettingsResult> GetSettingsAsync(int staffId, CancellationToken ct = default) => Task.FromResult(Settings);
    public Task<StaffActionResult> FixSettingsAsync(int staffId, CancellationToken ct = default) => Task.FromResult(new StaffActionResult(staffId, "x", true, "fixed"));
    public Task<StaffActionResult> ReclaimAsync(int connectionId, string zoomUserId, CancellationToken ct = default) => throw new NotSupportedException();
}
