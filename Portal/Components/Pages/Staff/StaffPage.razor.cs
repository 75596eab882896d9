using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Staff;
using Portal.Shell;

namespace Portal.Components.Pages.Staff;

/// <summary>
/// The roster and its mapping to Zoom: status counts that filter, the roster grid with its filters and bulk actions, the
/// Zoom users not on the roster and licence reclaiming. Confirmations and the actions' results live here; the parts are
/// StaffSyncProgress, StaffFilters, StaffBulkBar and StaffGrid.
/// </summary>
public partial class StaffPage
{
    private static readonly MappingStatus[] s_chipOrder =
    [
        MappingStatus.Ready, MappingStatus.Basic, MappingStatus.CannotHost, MappingStatus.Pending, MappingStatus.Deactivated,
        MappingStatus.NotInZoom, MappingStatus.InAnotherAccount, MappingStatus.Conflict, MappingStatus.NotChecked,
    ];

    private static readonly (string Id, string Title)[] s_tabs =
        [("roster", "Roster mapping"), ("unmatched", "Zoom users not on the roster"), ("reclaim", "Licence reclaiming")];

    /// <summary>Opens a view directly: <c>?filter=reclaim</c> (from the dashboards) or <c>?filter=unmatched</c>.</summary>
    [SupplyParameterFromQuery(Name = "filter")] public string? Filter { get; set; }

    /// <summary>The connection chosen in the drawer's selector (<c>?connection=7</c>); all three views follow it.</summary>
    [SupplyParameterFromQuery(Name = ConnectionSelection.QueryName)] public int? Connection { get; set; }

    [Inject] public required IStaffService Staff { get; init; }
    [Inject] public required IStaffActions Actions { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required ConnectionSelection Selection { get; init; }

    private StaffGrid? _grid;
    private StaffSyncProgress? _sync;
    private StaffQuery _query = new();
    private IReadOnlyDictionary<MappingStatus, int> _counts = new Dictionary<MappingStatus, int>();
    private IReadOnlyList<ConnectionSyncState> _states = [];
    private IReadOnlyList<ConnectionRef> _connections = [];
    private IReadOnlyList<string> _roles = [];
    private IReadOnlyList<StaffActionResult> _results = [];
    private readonly Dictionary<int, StaffRow> _selected = [];
    private bool _busy;
    private int _tab;
    private DateTimeOffset _now;

    private StaffRow[] SelectedRows => [.. _selected.Values];

    protected override async Task OnInitializedAsync()
    {
        _tab = Array.FindIndex(s_tabs, t => t.Id == Filter) is var tab and > 0 ? tab : 0;
        _query = _query with { ConnectionId = Connection };
        _connections = await Staff.ConnectionsAsync();
        _roles = await Staff.RolesAsync();
        await RefreshSummaryAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Connection != _query.ConnectionId && _connections.Count > 0)
        {
            _query = _query with { ConnectionId = Connection };
            await RefreshSummaryAsync();
        }
    }

    private async Task RefreshSummaryAsync()
    {
        _now = Clock.GetUtcNow();
        _counts = await Staff.CountsAsync(_query);
        _states = await Staff.SyncStatesAsync();
    }

    private async Task ReloadAsync()
    {
        await RefreshSummaryAsync();
        if (_grid is not null)
        {
            await _grid.ReloadAsync(firstPage: false);
        }
    }

    // The grid sees the new query when this page renders, and shows its first page. The connection is the portal-wide
    // choice in the address: picking one here changes the address, and the page follows it like every other page.
    private Task OnQueryChangedAsync(StaffQuery query)
    {
        if (query.ConnectionId != _query.ConnectionId)
        {
            _query = query with { ConnectionId = _query.ConnectionId };
            Selection.Select(query.ConnectionId);
            return Task.CompletedTask;
        }
        _query = query;
        return RefreshSummaryAsync();
    }

    private Task ToggleStatusAsync(MappingStatus? status)
    {
        _tab = 0;
        return OnQueryChangedAsync(_query with { Status = _query.Status == status ? null : status });
    }

    private async Task InviteAsync(IReadOnlyList<StaffRow> rows)
    {
        var answer = await Dialogs.ShowMessageBoxAsync("Invite to Zoom",
            $"Invite {Describe(rows)} to Zoom? Zoom e-mails each one an activation link; they show as Pending until they accept. " +
            "Give them a licence now, or invite them as Basic (meetings end after 40 minutes) and license them later?",
            yesText: "Invite with a licence", noText: "Invite as Basic", cancelText: "Cancel");
        if (answer is { } licensed)
        {
            await RunAsync(() => Actions.InviteAsync(Ids(rows), licensed));
        }
    }

    private async Task AssignAsync(IReadOnlyList<StaffRow> rows)
    {
        var figures = rows.Select(r => r.ConnectionId).OfType<int>().FirstOrDefault() is var connectionId and > 0
            ? await Actions.LicencesLeftAsync(connectionId)
            : null;
        var left = figures?.Left is { } l
            ? $"Licences left: {l} of {figures.Purchased} ({figures.Source})."
            : "Zoom did not say how many licences are left.";
        if (figures?.Left == 0)
        {
            left += " None are free, so Zoom will refuse unless one is reclaimed first.";
        }
        var ok = await Dialogs.ShowMessageBoxAsync("Assign a licence", $"Assign a Zoom licence to {Describe(rows)}? {left}",
            yesText: "Assign", cancelText: "Cancel");
        if (ok == true)
        {
            await RunAsync(() => Actions.AssignLicenceAsync(Ids(rows)));
        }
    }

    private Task RecheckAsync(IReadOnlyList<StaffRow> rows) => RunAsync(() => Actions.RecheckAsync(Ids(rows)));

    private async Task RunAsync(Func<Task<IReadOnlyList<StaffActionResult>>> action)
    {
        _busy = true;
        try
        {
            _results = await action();
            var failed = _results.Count(r => !r.Succeeded);
            Snackbar.Add(failed == 0 ? $"Done: {Members(_results.Count)}." : $"{failed} of {Members(_results.Count)} failed: see the messages above the table.",
                failed == 0 ? Severity.Success : Severity.Error);
        }
        finally
        {
            _busy = false;
        }
        _selected.Clear();
        await ReloadAsync();
    }

    private async Task SyncNowAsync()
    {
        var syncable = _states.Where(s => s.SwitchedOffReason is null).Select(s => s.ConnectionId).ToList();
        var targets = _query.ConnectionId is { } only ? syncable.Where(id => id == only).ToList() : syncable;
        if (targets.Count == 0)
        {
            Snackbar.Add(_states.FirstOrDefault(s => s.ConnectionId == _query.ConnectionId)?.SwitchedOffReason ?? "No Zoom connection can be synced.", Severity.Info);
            return;
        }
        await _sync!.StartAsync(targets);
    }

    private async Task OnSyncFinishedAsync()
    {
        _roles = await Staff.RolesAsync();
        await ReloadAsync();
    }

    private static int[] Ids(IReadOnlyList<StaffRow> rows) => [.. rows.Select(r => r.Id)];

    private static string Members(int count) => count == 1 ? "1 member" : $"{count} members";

    private static string Describe(IReadOnlyList<StaffRow> rows) => rows.Count == 1 ? $"{rows[0].Name} ({rows[0].Email})" : Members(rows.Count);

    private string ExportUrl
    {
        get
        {
            var q = new Dictionary<string, string?>
            {
                ["search"] = _query.Search, ["status"] = _query.Status?.ToString(),
                ["connection"] = _query.ConnectionId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["role"] = _query.Role, ["inactive"] = _query.IncludeInactive ? "true" : null,
            };
            return "/staff/export.csv" + Microsoft.AspNetCore.Http.QueryString.Create(q.Where(kv => !string.IsNullOrEmpty(kv.Value)));
        }
    }
}

internal static class Format
{
    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } t)
        {
            return "never";
        }
        var span = now - t;
        return span.TotalMinutes < 1 ? "just now"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min ago"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h ago"
            : span.TotalDays < 2 ? "1 day ago"
            : span.TotalDays < 60 ? $"{(int)span.TotalDays} days ago"
            : $"{t.UtcDateTime:yyyy-MM-dd}";
    }
}
