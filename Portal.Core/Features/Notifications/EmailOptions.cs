using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Features.Notifications;

/// <summary>Section "Email": where messages go out and what they are signed with.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Sender address; required once Email:Smtp:Host is set.</summary>
    public string? From { get; set; }

    /// <summary>The institution's name, in every message's sender name and footer.</summary>
    [Required]
    public string InstitutionName { get; set; } = "Writing Center";

    /// <summary>The portal's public address for links in messages (https://portal.example.edu); the server's own address when empty.</summary>
    public string? PortalUrl { get; set; }

    /// <summary>Addresses that receive the administrators' and directors' messages besides the people who signed in.</summary>
    public List<string> AlertRecipients { get; set; } = [];

    /// <summary>A person whose last sign-in is older than this stops receiving role messages (their role may have been removed).</summary>
    public TimeSpan RecipientMaxAge { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Delivery attempts before a message the server never accepted is given up as failed (retries back off: 1, 5, 15, then every 60 minutes).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    /// <summary>Empty: no mail server; messages are kept on the outbox page, marked "not sent: no mail server configured".</summary>
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>Auto, None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "Auto";
    public string? User { get; set; }
    public string? Password { get; set; }
}
