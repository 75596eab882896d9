using FluentValidation;

namespace Portal.Core.Features.Connections;

/// <summary>What the wizard collects for a Server-to-Server OAuth app.</summary>
public sealed class ServerToServerCredentials
{
    public string Name { get; set; } = "";
    public string AccountId { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";

    public ServerToServerCredentials Cleaned() => new()
    {
        Name = Name.Trim(),
        AccountId = CredentialText.Clean(AccountId).Value,
        ClientId = CredentialText.Clean(ClientId).Value,
        ClientSecret = CredentialText.Clean(ClientSecret).Value,
    };

    public override string ToString() => $"ServerToServerCredentials {{ Name = {Name}, AccountId = {AccountId}, ClientId = {ClientId} }}";
}

public sealed class ServerToServerCredentialsValidator : AbstractValidator<ServerToServerCredentials>
{
    public const int NameMaxLength = 100;

    public ServerToServerCredentialsValidator()
    {
        RuleFor(x => x.Name).ConnectionName();
        RuleFor(x => x.AccountId).ZoomCredential("Account ID");
        RuleFor(x => x.ClientId).ZoomCredential("Client ID");
        RuleFor(x => x.ClientSecret).ZoomCredential("Client Secret");
    }
}

/// <summary>A new Client Secret for an existing connection.</summary>
public sealed class RotateSecretModel
{
    public string ClientSecret { get; set; } = "";

    public override string ToString() => "RotateSecretModel";
}

public sealed class RotateSecretModelValidator : AbstractValidator<RotateSecretModel>
{
    public RotateSecretModelValidator() => RuleFor(x => x.ClientSecret).ZoomCredential("Client Secret");
}

public sealed class RenameModel
{
    public string Name { get; set; } = "";
}

public sealed class RenameModelValidator : AbstractValidator<RenameModel>
{
    public RenameModelValidator() => RuleFor(x => x.Name).ConnectionName();
}

public static class CredentialRules
{
    /// <summary>Zoom publishes no formats for these values, so only the shape is checked here; live verification decides the rest.</summary>
    public static IRuleBuilderOptions<T, string> ZoomCredential<T>(this IRuleBuilderInitial<T, string> rule, string label) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => CredentialText.Clean(v).Value.Length > 0)
            .WithMessage($"Enter the {label}.")
            .Must(v => !CredentialText.HasInnerWhitespace(CredentialText.Clean(v).Value))
            .WithMessage($"The {label} cannot contain spaces or line breaks. Copy it again from the app's App Credentials page.")
            .Must(v => CredentialText.Clean(v).Value.Length <= CredentialText.MaxLength)
            .WithMessage($"The {label} is longer than {CredentialText.MaxLength} characters. Copy only the {label}.");

    public static IRuleBuilderOptions<T, string> ConnectionName<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v))
            .WithMessage("Enter a display name, for example \"Writing center\".")
            .Must(v => v.Trim().Length <= ServerToServerCredentialsValidator.NameMaxLength)
            .WithMessage($"Keep the display name to {ServerToServerCredentialsValidator.NameMaxLength} characters.");
}
