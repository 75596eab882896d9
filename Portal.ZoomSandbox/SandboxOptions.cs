namespace Portal.ZoomSandbox;

/// <summary>Bound from Zoom:Sandbox.</summary>
public sealed class SandboxOptions
{
    public bool Enabled { get; set; }

    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Requests per second per account and category at start (null = unlimited).</summary>
    public SandboxRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>How long a signed storage URL (recording download redirect) stays valid.</summary>
    public int StorageUrlLifetimeSeconds { get; set; } = 300;
}

public sealed class SandboxRateLimitOptions
{
    public double? Light { get; set; }
    public double? Medium { get; set; }
    public double? Heavy { get; set; }
}
