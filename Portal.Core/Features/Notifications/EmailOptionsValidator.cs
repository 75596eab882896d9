using Microsoft.Extensions.Options;

namespace Portal.Core.Features.Notifications;

/// <summary>What the mail server settings need besides their annotations, checked at start with the key's name.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (!MailMessages.SecurityChoices.Contains(options.Smtp.Security, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"Email:Smtp:Security must be one of {string.Join(", ", MailMessages.SecurityChoices)} (was '{options.Smtp.Security}').");
        }
        if (!string.IsNullOrWhiteSpace(options.Smtp.Host) && !NotificationOutbox.IsAddress(options.From?.Trim() ?? ""))
        {
            failures.Add($"Email:From must be an e-mail address when Email:Smtp:Host is set (was '{options.From}').");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
