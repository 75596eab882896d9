namespace Portal.Shell;

/// <summary>Top-level web settings (keys without a section).</summary>
public sealed class WebSettings
{
    /// <summary>Redirects http to https and sends HSTS; off when a reverse proxy terminates TLS.</summary>
    public bool HttpsRedirection { get; set; }
}
