using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Staff;
using Portal.Components.Shared;
using Portal.Core.Jobs;

namespace Portal.Components.Pages.Staff;

public partial class StaffPage
{
    private static readonly MappingStatus[] s_chipOrder =
    [
        MappingStatus.Ready, MappingStatus.Basic, MappingStatus.CannotHost, MappingStatus.Pending, MappingStatus.Deactivated,
        MappingStatus.NotInZoom, MappingStatus.InAnotherAccount, MappingStatus.Conflict, MappingStatus.NotChecked,
    ];

    private static readonly int[] s_pageSizes = [25, 50, 100];

    private static readonly (string Id, string Title)[] s_tabs =
        [("roster", "Roster mapping"), ("unmatched", "Zoom users not on the roster"), ("reclaim", "Licence reclaiming")];

    /// <summary>Opens a view directly: <c>?filter=reclaim</c> (from the dashboards) or <c>?filter=unmatched</c>.</summary>
    [SupplyParameterFromQuery(Name = "filter")] public string? Filter { get; set; }

    [Inject] public required IStaffService Staff { get; init; }
    [Inject] public required IStaffActions Actions { get; init; }
    [Inject] public required IJobRunner Jobs { get; init; }
    [Inject] public required IJobLauncher Launcher { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    private MudDataGrid<StaffRow>? _grid;
    private IReadOnlyDictionary<MappingStatus, int> _counts = new Dictionary<MappingStatus, int>();
    private IReadOnlyList<ConnectionSyncState> _states = [];
    private IReadOnlyList<ConnectionRef> _connections = [];
    private IReadOnlyList<string> _roles = [];
    private IReadOnlyList<StaffActionResult> _results = [];
    private Dictionary<int, StaffRow> _selected = [];
    private Dictionary<int, StaffRowCells> _cells = [];
    private MarkupString _statusOptions;
    private MarkupString _connectionOptions;
    private MarkupString _roleOptions;
    private CancellationTokenSource? _searchDelay;
    private int _total;
    private string? _search;
    private MappingStatus? _status;
    private int? _connectionId;
    private string? _role;
    private bool _includeInactive;
    private bool _busy;
    private int _tab;
    private bool _syncing;
    private string _syncMessage = "";
    private double _syncFraction;
    private HashSet<int> _syncingConnections = [];
    private DateTimeOffset _now;

    private StaffQuery Query => new()
    {
        Search = _search, Status = _status, ConnectionId = _connectionId, Role = _role, IncludeInactive = _includeInactive,
    };

    private int[] SelectedIds => _selected.Keys.ToArray();

    private int CurrentPage => _grid?.CurrentPage ?? 0;

    private int PageSize => _grid?.RowsPerPage ?? 25;

    private bool IsLastPage => (CurrentPage + 1) * PageSize >= _total;

    private string PageRange => _total == 0 ? "0 of 0"
        : $"{CurrentPage * PageSize + 1:N0}–{Math.Min(_total, (CurrentPage + 1) * PageSize):N0} of {_total:N0}";

    private bool PageAllSelected => _grid?.ServerItems is { } rows && rows.Any() && rows.All(r => _selected.ContainsKey(r.Id));

    private string? SwitchedOffReason(int? connectionId) =>
        connectionId is null ? null : _states.FirstOrDefault(s => s.ConnectionId == connectionId)?.SwitchedOffReason;

    private static string ChipClass(Color color, bool selected) =>
        $"mud-chip mud-chip-{(selected ? "filled" : "outlined")} mud-chip-size-medium mud-chip-color-{LightMarkup.ColorName(color)} mud-clickable mud-ripple";

    private StaffRowCells Cells(StaffRow row)
    {
        if (!_cells.TryGetValue(row.Id, out var cells))
        {
            _cells[row.Id] = cells = new StaffRowCells(row, _now, SwitchedOffReason(row.ConnectionId));
        }
        return cells;
    }

    private void BuildFilterOptions()
    {
        _statusOptions = LightMarkup.Options("Any status", s_chipOrder.Select(s => (s.ToString(), MappingTexts.Label(s))), _status?.ToString());
        _connectionOptions = LightMarkup.Options("Any connection",
            _connections.Select(c => (c.Id.ToString(CultureInfo.InvariantCulture), c.Name)), _connectionId?.ToString(CultureInfo.InvariantCulture));
        _roleOptions = LightMarkup.Options("Any role", _roles.Select(r => (r, r)), _role);
    }

    protected override async Task OnInitializedAsync()
    {
        _tab = Array.FindIndex(s_tabs, t => t.Id == Filter) is var tab and > 0 ? tab : 0;
        _now = Clock.GetUtcNow();
        _connections = await Staff.ConnectionsAsync();
        _roles = await Staff.RolesAsync();
        BuildFilterOptions();
        await RefreshSummaryAsync();
        foreach (var s in _states)
        {
            if (Jobs.GetLive(StaffSyncJob.JobName, s.ConnectionId) is { Running: true } live)
            {
                _syncingConnections.Add(s.ConnectionId);
                Show(live);
            }
        }
        Jobs.Changed += OnJobChanged;
    }

    private async Task RefreshSummaryAsync()
    {
        _now = Clock.GetUtcNow();
        _counts = await Staff.CountsAsync(Query);
        _states = await Staff.SyncStatesAsync();
    }

    private async Task<GridData<StaffRow>> LoadAsync(GridState<StaffRow> state, CancellationToken ct)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var page = await Staff.QueryAsync(Query with
        {
            SortBy = sort?.SortBy,
            Descending = sort?.Descending ?? false,
            Skip = state.Page * state.PageSize,
            Take = state.PageSize,
        }, ct);
        _total = page.Total;
        _cells = [];
        return new GridData<StaffRow> { Items = page.Items, TotalItems = page.Total };
    }

    private async Task ReloadAsync()
    {
        BuildFilterOptions();
        await RefreshSummaryAsync();
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private Task ToggleStatusAsync(MappingStatus? status)
    {
        _status = _status == status ? null : status;
        _tab = 0;
        return ReloadAsync();
    }

    private Task OnStatusChangedAsync(ChangeEventArgs e)
    {
        _status = Enum.TryParse<MappingStatus>(e.Value?.ToString(), out var status) ? status : null;
        return ReloadAsync();
    }

    private Task OnConnectionChangedAsync(ChangeEventArgs e)
    {
        _connectionId = int.TryParse(e.Value?.ToString(), CultureInfo.InvariantCulture, out var id) ? id : null;
        return ReloadAsync();
    }

    private Task OnRoleChangedAsync(ChangeEventArgs e)
    {
        _role = e.Value?.ToString() is { Length: > 0 } role ? role : null;
        return ReloadAsync();
    }

    private Task OnInactiveChangedAsync(ChangeEventArgs e)
    {
        _includeInactive = e.Value is true;
        return ReloadAsync();
    }

    private async Task OnSearchInputAsync(ChangeEventArgs e)
    {
        _search = e.Value?.ToString();
        if (_searchDelay is not null)
        {
            await _searchDelay.CancelAsync();
            _searchDelay.Dispose();
        }
        _searchDelay = new CancellationTokenSource();
        try
        {
            await Task.Delay(300, _searchDelay.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await ReloadAsync();
    }

    private async Task OnRowActionAsync(RowActionEventArgs e)
    {
        // Only rows of the page on screen: the id comes from the browser.
        if (_grid?.ServerItems.FirstOrDefault(r => r.Id == e.Id) is not { } row)
        {
            return;
        }
        switch (e.Action)
        {
            case "select":
                ToggleRow(row, e.Checked);
                break;
            case "invite":
                await InviteAsync([row.Id]);
                break;
            case "licence":
                await AssignAsync([row.Id]);
                break;
            case "recheck":
                await RecheckAsync([row.Id]);
                break;
        }
    }

    private void ToggleRow(StaffRow row, bool selected)
    {
        if (selected)
        {
            _selected[row.Id] = row;
        }
        else
        {
            _selected.Remove(row.Id);
        }
    }

    private void TogglePage(ChangeEventArgs e)
    {
        foreach (var row in _grid?.ServerItems ?? [])
        {
            ToggleRow(row, e.Value is true);
        }
    }

    private void GoTo(Page page) => _grid?.NavigateTo(page);

    private async Task OnPageSizeChangedAsync(ChangeEventArgs e)
    {
        if (_grid is not null && int.TryParse(e.Value?.ToString(), out var size) && s_pageSizes.Contains(size))
        {
            await _grid.SetRowsPerPageAsync(size);
        }
    }

    private void ClearSelection()
    {
        _selected = [];
    }

    private async Task InviteAsync(int[] ids)
    {
        var answer = await Dialogs.ShowMessageBoxAsync("Invite to Zoom",
            $"Invite {Describe(ids)} to Zoom? Zoom e-mails each one an activation link; they show as Pending until they accept. " +
            "Give them a licence now, or invite them as Basic (meetings end after 40 minutes) and license them later?",
            yesText: "Invite with a licence", noText: "Invite as Basic", cancelText: "Cancel");
        if (answer is null)
        {
            return;
        }
        await RunAsync(() => Actions.InviteAsync(ids, licensed: answer.Value));
    }

    private async Task AssignAsync(int[] ids)
    {
        var connectionIds = ids.Select(id => _selected.GetValueOrDefault(id)?.ConnectionId).OfType<int>().Distinct().ToList();
        var connectionId = connectionIds.Count > 0 ? connectionIds[0] : (await Staff.GetAsync(ids[0]))?.Row.ConnectionId;
        var figures = connectionId is { } cid ? await Actions.LicencesLeftAsync(cid) : null;
        var left = figures?.Left is { } l
            ? $"Licences left: {l} of {figures.Purchased} ({figures.Source})."
            : "Zoom did not say how many licences are left.";
        if (figures?.Left == 0)
        {
            left += " None are free, so Zoom will refuse unless one is reclaimed first.";
        }
        var ok = await Dialogs.ShowMessageBoxAsync("Assign a licence", $"Assign a Zoom licence to {Describe(ids)}? {left}",
            yesText: "Assign", cancelText: "Cancel");
        if (ok != true)
        {
            return;
        }
        await RunAsync(() => Actions.AssignLicenceAsync(ids));
    }

    private Task RecheckAsync(int[] ids) => RunAsync(() => Actions.RecheckAsync(ids));

    private async Task RunAsync(Func<Task<IReadOnlyList<StaffActionResult>>> action)
    {
        _busy = true;
        try
        {
            _results = await action();
            var failed = _results.Count(r => !r.Succeeded);
            Snackbar.Add(failed == 0 ? $"Done: {_results.Count} member(s)." : $"{failed} of {_results.Count} failed: see the messages above the table.",
                failed == 0 ? Severity.Success : Severity.Error);
        }
        finally
        {
            _busy = false;
        }
        ClearSelection();
        await ReloadAsync();
    }

    private string Describe(int[] ids)
    {
        if (ids.Length == 1)
        {
            var row = _selected.GetValueOrDefault(ids[0]) ?? _grid?.ServerItems.FirstOrDefault(s => s.Id == ids[0]);
            return row is null ? "this member" : $"{row.Name} ({row.Email})";
        }
        return $"{ids.Length} members";
    }

    private async Task SyncNowAsync()
    {
        var syncable = _states.Where(s => s.SwitchedOffReason is null).Select(s => s.ConnectionId).ToList();
        var targets = _connectionId is { } only ? syncable.Where(id => id == only).ToList() : syncable;
        if (targets.Count == 0)
        {
            Snackbar.Add(_states.FirstOrDefault(s => s.ConnectionId == _connectionId)?.SwitchedOffReason ?? "No Zoom connection can be synced.", Severity.Info);
            return;
        }
        foreach (var id in targets)
        {
            if (await Launcher.StartAsync(StaffSyncJob.JobName, id) is not null)
            {
                _syncingConnections.Add(id);
            }
        }
        if (_syncingConnections.Count > 0)
        {
            _syncing = true;
            _syncMessage = "starting…";
            _syncFraction = 0;
        }
        else
        {
            Snackbar.Add("A sync is already running.", Severity.Info);
        }
    }

    private void Show(LiveJobStatus live)
    {
        _syncing = true;
        _syncMessage = live.Progress.Message;
        _syncFraction = live.Progress.Fraction ?? 0;
    }

    private void OnJobChanged(LiveJobStatus live)
    {
        if (live.JobName != StaffSyncJob.JobName || live.ConnectionId is not { } cid || !_syncingConnections.Contains(cid))
        {
            return;
        }
        _ = InvokeAsync(async () =>
        {
            if (live.Running)
            {
                Show(live);
            }
            else
            {
                _syncingConnections.Remove(cid);
                _syncing = _syncingConnections.Count > 0;
                Snackbar.Add(live.Outcome == JobOutcome.Succeeded ? "Sync finished." : $"Sync failed: {live.Progress.Message}",
                    live.Outcome == JobOutcome.Succeeded ? Severity.Success : Severity.Error);
                _roles = await Staff.RolesAsync();
                await ReloadAsync();
            }
            StateHasChanged();
        });
    }

    private string ExportUrl
    {
        get
        {
            var q = new Dictionary<string, string?>
            {
                ["search"] = _search, ["status"] = _status?.ToString(), ["connection"] = _connectionId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["role"] = _role, ["inactive"] = _includeInactive ? "true" : null,
            };
            return "/staff/export.csv" + Microsoft.AspNetCore.Http.QueryString.Create(q.Where(kv => !string.IsNullOrEmpty(kv.Value)));
        }
    }


    public void Dispose()
    {
        Jobs.Changed -= OnJobChanged;
        _searchDelay?.Cancel();
        _searchDelay?.Dispose();
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
