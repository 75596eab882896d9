using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Zoom;

public sealed class ZoomOptions
{
    public const string Section = "Zoom";

    /// <summary>REST API base, default https://api.zoom.us/v2.</summary>
    [Required]
    public string ApiBaseUrl { get; set; } = "https://api.zoom.us/v2";

    /// <summary>OAuth base (token, authorize, revoke live under /oauth), default https://zoom.us.</summary>
    [Required]
    public string OAuthBaseUrl { get; set; } = "https://zoom.us";

    public ZoomSandboxOptions Sandbox { get; set; } = new();

    public ZoomOAuthAppOptions OAuthApp { get; set; } = new();

    public ZoomRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Timeout of one API request (not downloads).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tokens are renewed this long before they expire.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries of an idempotent call after a 5xx or a timeout (with exponential backoff and jitter).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Retries after per-second 429s (daily limits are never retried).</summary>
    [Range(0, 20)]
    public int MaxRateLimitRetries { get; set; } = 6;

    /// <summary>First backoff delay when Zoom names no Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest per-second Retry-After the client waits for.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Server-to-Server connections managed by configuration (<c>Zoom:Connections:N</c>), applied at start and on reload.</summary>
    public List<ZoomConnectionSettings> Connections { get; set; } = [];

    /// <summary>Verifies configured connections never verified yet once the portal listens.</summary>
    public bool VerifyConfiguredConnectionsOnStart { get; set; } = true;
}

/// <summary>One entry of <c>Zoom:Connections</c>; incomplete entries are skipped with a warning.</summary>
public sealed class ZoomConnectionSettings
{
    public string? Name { get; set; }
    public string? AccountId { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? WebhookSecretToken { get; set; }

    public override string ToString() => $"ZoomConnectionSettings {{ Name = {Name}, AccountId = {AccountId}, ClientId = {ClientId} }}";
}

public sealed class ZoomSandboxOptions
{
    public bool Enabled { get; set; }

    /// <summary>Where the portal itself listens, when it cannot be discovered (sandbox endpoints are mapped under it).</summary>
    public string? PortalBaseUrl { get; set; }
}

public sealed class ZoomOAuthAppOptions
{
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public string? RedirectUri { get; set; }
    public string? WebhookSecretToken { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);
}

public sealed class ZoomRateLimitOptions
{
    [Range(0.1, 10000)]
    public double Light { get; set; } = 30;

    [Range(0.1, 10000)]
    public double Medium { get; set; } = 20;

    [Range(0.1, 10000)]
    public double Heavy { get; set; } = 10;
}
