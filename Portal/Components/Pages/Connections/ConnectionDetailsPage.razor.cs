using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Connections;

namespace Portal.Components.Pages.Connections;

public partial class ConnectionDetailsPage
{
    [Inject] public required IConnectionService Connections { get; init; }
    [Inject] public required IZoomLinkService Links { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [Parameter] public int Id { get; set; }
    [SupplyParameterFromQuery] public int? Created { get; set; }
    [SupplyParameterFromQuery] public string? Linked { get; set; }
    [SupplyParameterFromQuery] public int? Replaced { get; set; }

    private readonly DialogOptions _dialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private List<BreadcrumbItem> _breadcrumbs = [];
    private ConnectionDetails? _details;
    private bool _loaded;
    private bool _busy;
    private string? _message;
    private bool _messageOk;
    private VerificationResult? _verification;

    private bool _renameOpen;
    private readonly RenameModel _rename = new();
    private string? _renameError;

    private bool _rotateOpen;
    private readonly RotateSecretModel _rotate = new();
    private bool _revealRotate;
    private bool _rotateCleaned;
    private string? _rotateError;
    private VerificationResult? _rotateVerification;

    private bool _deleteOpen;
    private ConnectionDependencies? _dependencies;

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _details = await Connections.GetAsync(Id);
        _loaded = true;
        _breadcrumbs = [new("Zoom connections", "/connections"), new(_details?.Summary.Name ?? "Connection", null, disabled: true)];
    }

    private void Show(string? message, bool ok)
    {
        _message = message;
        _messageOk = ok;
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        finally
        {
            _busy = false;
        }
    }

    private Task ReverifyAsync() => RunAsync(async () =>
    {
        var result = await Connections.ReverifyAsync(Id);
        _verification = result.Verification;
        Show(result.Message, result.Succeeded);
        await LoadAsync();
    });

    private Task RefreshLinkAsync() => RunAsync(async () =>
    {
        var result = await Links.RefreshAsync(Id);
        Show(result.Message, result.Succeeded);
        await LoadAsync();
    });

    private void OpenRename()
    {
        _rename.Name = _details?.Summary.Name ?? "";
        _renameError = null;
        _renameOpen = true;
    }

    private Task RenameAsync() => RunAsync(async () =>
    {
        var result = await Connections.RenameAsync(Id, _rename.Name);
        if (!result.Succeeded)
        {
            _renameError = result.Message;
            return;
        }
        _renameOpen = false;
        Show(result.Message, true);
        await LoadAsync();
    });

    private void OpenRotate()
    {
        _rotate.ClientSecret = "";
        _rotateCleaned = false;
        _rotateError = null;
        _rotateVerification = null;
        _revealRotate = false;
        _rotateOpen = true;
    }

    private void CloseRotate()
    {
        _rotate.ClientSecret = "";
        _rotateOpen = false;
    }

    private void SetRotateSecret(string? value)
    {
        var cleaned = CredentialText.Clean(value);
        _rotate.ClientSecret = cleaned.Value;
        _rotateCleaned = cleaned.Changed && cleaned.Value.Length > 0;
        _rotateError = null;
    }

    private Task RotateAsync() => RunAsync(async () =>
    {
        var check = await new RotateSecretModelValidator().ValidateAsync(_rotate);
        if (!check.IsValid)
        {
            _rotateError = check.Errors[0].ErrorMessage;
            return;
        }
        var result = await Connections.RotateSecretAsync(Id, _rotate.ClientSecret);
        if (!result.Succeeded)
        {
            _rotateError = "The new secret did not verify; the current one stays in use.";
            _rotateVerification = result.Verification;
            return;
        }
        CloseRotate();
        _verification = result.Verification;
        Show(result.Message, true);
        await LoadAsync();
    });

    private async Task OpenDeleteAsync()
    {
        _dependencies = await Connections.GetDependenciesAsync(Id);
        _deleteOpen = true;
    }

    private Task DeleteAsync() => RunAsync(async () =>
    {
        var name = _details?.Summary.Name ?? "";
        if (_details?.Summary.Kind == ConnectionKind.OAuthLink)
        {
            var outcome = await Links.UnlinkAsync(Id);
            if (!outcome.Succeeded)
            {
                _deleteOpen = false;
                Show(outcome.Message, false);
                return;
            }
            var by = Uri.EscapeDataString(outcome.LinkedByEmail ?? "");
            var problem = outcome.RevokeProblem is { } p ? "&problem=" + Uri.EscapeDataString(p.Length > 200 ? p[..200] : p) : "";
            Navigation.NavigateTo($"/connections?unlinked={Uri.EscapeDataString(name)}&revoked={(outcome.RevokedAtZoom ? 1 : 0)}&by={by}{problem}");
            return;
        }
        var result = await Connections.DeleteAsync(Id);
        if (!result.Succeeded)
        {
            _deleteOpen = false;
            Show(result.Message, false);
            return;
        }
        Navigation.NavigateTo($"/connections?deleted={Uri.EscapeDataString(name)}");
    });
}
