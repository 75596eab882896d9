using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Recordings;
using Portal.Core.Text;

namespace Portal.Components.Pages.Recordings;

public sealed partial class RecordingsBrowser
{
    [Inject] public required IRecordingService Recordings { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    [Parameter, EditorRequired] public required RecordingOwner Owner { get; set; }

    private readonly List<RecordingItem> _items = [];
    private readonly List<RecordingMonth> _failedMonths = [];
    private IReadOnlyList<RecordingItem>? _trash;
    private CancellationTokenSource? _loading;
    private DateTime? _from;
    private DateTime? _to;
    private DateTime _today;
    private DateTime _earliest;
    private string? _search;
    private int _monthsTotal;
    private int _monthsDone;
    private (RecordingItem Recording, RecordingFileItem File)? _playing;

    private IEnumerable<RecordingItem> Visible => string.IsNullOrWhiteSpace(_search)
        ? _items
        : _items.Where(i => i.Topic.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
            || (i.Session?.ClientName.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase) ?? false));

    protected override async Task OnInitializedAsync()
    {
        _today = Clock.GetUtcNow().UtcDateTime.Date;
        _earliest = _today.AddYears(-3);
        _to = _today;
        _from = _today.AddDays(-30);
        await LoadAsync();
    }

    private async Task SetRangeAsync(int days)
    {
        _to = _today;
        _from = _today.AddDays(-days);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_loading is not null)
        {
            await _loading.CancelAsync();
            _loading.Dispose();
        }
        _loading = new CancellationTokenSource();
        var ct = _loading.Token;
        var from = DateOnly.FromDateTime(_from ?? _today.AddDays(-30));
        var to = DateOnly.FromDateTime(_to ?? _today);
        _items.Clear();
        _failedMonths.Clear();
        _monthsTotal = RecordingWindows.Split(from, to).Count;
        _monthsDone = 0;
        StateHasChanged();
        try
        {
            await foreach (var month in Recordings.ListByMonthAsync(Owner.StaffMemberId!.Value, from, to, ct))
            {
                _monthsDone++;
                if (month.Error is not null)
                {
                    _failedMonths.Add(month);
                }
                _items.AddRange(month.Recordings);
                _items.Sort((a, b) => b.StartTime.CompareTo(a.StartTime));
                StateHasChanged();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (RecordingAccessDeniedException e)
        {
            _monthsDone = _monthsTotal;
            Snackbar.Add($"Recordings could not be loaded: {e.Message}", Severity.Error);
        }
    }

    private async Task OnTabChangedAsync(int index)
    {
        if (index == 1)
        {
            await LoadTrashAsync();
        }
    }

    private async Task LoadTrashAsync()
    {
        _trash = null;
        StateHasChanged();
        try
        {
            var trash = await Recordings.ListTrashAsync(Owner.StaffMemberId!.Value);
            _trash = trash.Value ?? [];
            if (trash.Refusal is { } refusal)
            {
                Snackbar.Add($"The trash could not be loaded: {refusal.Text}", Severity.Error);
            }
        }
        catch (RecordingAccessDeniedException e)
        {
            _trash = [];
            Snackbar.Add($"The trash could not be loaded: {e.Message}", Severity.Error);
        }
    }

    private void Play(RecordingItem recording, RecordingFileItem file) => _playing = (recording, file);

    private async Task ShareAsync(RecordingItem recording)
    {
        var parameters = new DialogParameters<ShareDialog> { { d => d.Recording, recording } };
        var dialog = await Dialogs.ShowAsync<ShareDialog>($"Share \"{recording.Topic}\"", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true });
        await dialog.Result;
    }

    private async Task DeleteAsync(RecordingItem recording)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Delete recording?",
            $"\"{recording.Topic}\" of {recording.StartTime:yyyy-MM-dd} ({RecordingsEndpoints.FormatBytes(recording.TotalSize)}, {Plural.Of(recording.Files.Count, "file")}) " +
            "will be moved to the Zoom trash. You can recover it from the Trash tab for 30 days. Share links to it stop working.",
            yesText: "Move to trash", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        try
        {
            if ((await Recordings.DeleteAsync(recording.ConnectionId, recording.MeetingUuid)).Refusal is { } refusal)
            {
                Snackbar.Add($"Could not delete: {refusal.Text}", Severity.Error);
                return;
            }
            _items.Remove(recording);
            if (_playing?.Recording == recording)
            {
                _playing = null;
            }
            Snackbar.Add($"\"{recording.Topic}\" moved to the trash.", Severity.Success);
        }
        catch (RecordingAccessDeniedException e)
        {
            Snackbar.Add($"Could not delete: {e.Message}", Severity.Error);
        }
    }

    private async Task RecoverAsync(RecordingItem recording)
    {
        try
        {
            if ((await Recordings.RecoverAsync(Owner.StaffMemberId!.Value, recording.MeetingUuid)).Refusal is { } refusal)
            {
                Snackbar.Add($"Could not recover: {refusal.Text}", Severity.Error);
                return;
            }
            Snackbar.Add($"\"{recording.Topic}\" recovered.", Severity.Success);
            await LoadTrashAsync();
            await LoadAsync();
        }
        catch (RecordingAccessDeniedException e)
        {
            Snackbar.Add($"Could not recover: {e.Message}", Severity.Error);
        }
    }

    private static string IconOf(RecordingFileItem f) => f.Kind switch
    {
        RecordingFileKind.Video => Icons.Material.Filled.Movie,
        RecordingFileKind.Audio => Icons.Material.Filled.Audiotrack,
        RecordingFileKind.Transcript => Icons.Material.Filled.Subtitles,
        RecordingFileKind.Chat => Icons.Material.Filled.Chat,
        _ => Icons.Material.Filled.InsertDriveFile,
    };

    private static string KindName(RecordingFileItem f) => f.Kind == RecordingFileKind.Other ? f.FileType : f.Kind.ToString();

    public void Dispose()
    {
        _loading?.Cancel();
        _loading?.Dispose();
    }
}
