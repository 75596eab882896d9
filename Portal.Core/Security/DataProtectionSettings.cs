using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Security;

/// <summary>Bound from <c>DataProtection</c> (named apart from the framework's own DataProtectionOptions).</summary>
public sealed class DataProtectionSettings
{
    public const string Section = "DataProtection";

    /// <summary>Instances with the same name share keys.</summary>
    [Required] public string ApplicationName { get; set; } = "Portal";

    public DataProtectionCertificate Certificate { get; set; } = new();
}

public sealed class DataProtectionCertificate
{
    /// <summary>A PFX file that encrypts the keys at rest.</summary>
    public string? Path { get; set; }

    public string? Password { get; set; }
}
