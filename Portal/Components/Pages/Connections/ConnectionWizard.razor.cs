using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Connections;

namespace Portal.Components.Pages.Connections;

public partial class ConnectionWizard
{
    private readonly ServerToServerCredentials _model = new();
    private readonly HashSet<string> _cleaned = [];
    private readonly List<BreadcrumbItem> _breadcrumbs = [new("Zoom connections", "/connections"), new("Connect with a Server-to-Server app", null, disabled: true)];
    private MudStepper? _stepper;
    private MudForm? _form;
    private int _step;
    private bool _revealSecret;
    private bool _verifying;
    private bool _saving;
    private bool _acceptMissingOptional;
    private VerificationResult? _verification;
    private string? _saveError;

    private static string StepHint(string? title) => title switch
    {
        "Prepare in Zoom" => "Create the app",
        "Enter credentials" => "From App Credentials",
        "Verify live" => "The portal asks Zoom",
        _ => "Encrypted at rest",
    };

    private string NextLabel => _step switch
    {
        0 => "I have the app: enter its credentials",
        1 => "Verify with Zoom",
        _ => "Continue to save",
    };

    private bool VerificationAccepted =>
        _verification is { Passed: true, AlreadyConnectedAs: null } v && (v.MissingOptional.Count == 0 || _acceptMissingOptional);

    private bool CanGoNext => _step switch
    {
        2 => !_verifying && VerificationAccepted,
        _ => true,
    };

    private string Helper(string field, string normal) => _cleaned.Contains(field) ? CredentialText.CleanedNote : normal;

    private void SetCredential(string field, string? value)
    {
        var cleaned = CredentialText.Clean(value);
        if (cleaned.Changed && cleaned.Value.Length > 0)
        {
            _cleaned.Add(field);
        }
        else
        {
            _cleaned.Remove(field);
        }
        switch (field)
        {
            case nameof(ServerToServerCredentials.AccountId): _model.AccountId = cleaned.Value; break;
            case nameof(ServerToServerCredentials.ClientId): _model.ClientId = cleaned.Value; break;
            default: _model.ClientSecret = cleaned.Value; break;
        }
        // New credentials need a new check.
        _verification = null;
        _acceptMissingOptional = false;
    }

    private async Task OnPreviewInteractionAsync(StepperInteractionEventArgs args)
    {
        if (args.Action == StepAction.Activate)
        {
            // Steps are walked in order; going back is always fine.
            args.Cancel = args.StepIndex > _step;
            return;
        }
        if (args.Action != StepAction.Complete)
        {
            args.Cancel = true;
            return;
        }
        switch (args.StepIndex)
        {
            case 1:
                if (_form is not null)
                {
                    await _form.ValidateAsync();
                }
                var whole = await Validator.ValidateAsync(_model);
                args.Cancel = !whole.IsValid;
                break;
            case 2:
                args.Cancel = !VerificationAccepted;
                break;
            case 3:
                args.Cancel = true;
                break;
        }
    }

    private async Task NextAsync()
    {
        if (_stepper is null)
        {
            return;
        }
        var from = _step;
        await _stepper.NextStepAsync();
        if (from == 1 && _step == 2 && _verification is null)
        {
            await VerifyAsync();
        }
    }

    private async Task VerifyAsync()
    {
        _verifying = true;
        _acceptMissingOptional = false;
        StateHasChanged();
        try
        {
            _verification = await Connections.VerifyNewAsync(_model);
        }
        finally
        {
            _verifying = false;
        }
    }

    private async Task ReplaceAsync()
    {
        if (_verification?.AlreadyConnectedAs is not { } holder)
        {
            return;
        }
        _saving = true;
        _saveError = null;
        try
        {
            var result = await Connections.ReplaceCredentialsAsync(holder.Id, _model);
            if (result.Succeeded)
            {
                Navigation.NavigateTo($"/connections/{result.ConnectionId}?replaced=1");
                return;
            }
            _saveError = result.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task SaveAsync()
    {
        if (!VerificationAccepted)
        {
            _saveError = "Verify the credentials first.";
            return;
        }
        _saving = true;
        _saveError = null;
        try
        {
            var result = await Connections.CreateServerToServerAsync(_model);
            if (result.Succeeded)
            {
                Navigation.NavigateTo($"/connections/{result.ConnectionId}?created=1");
                return;
            }
            _saveError = result.Message;
        }
        finally
        {
            _saving = false;
        }
    }
}
