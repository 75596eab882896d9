using System.ComponentModel.DataAnnotations;

namespace Portal.Core.Jobs;

/// <summary>Bound from <c>Jobs:DatabaseMaintenance</c>.</summary>
public sealed class DatabaseMaintenanceOptions
{
    public const string Section = "Jobs:DatabaseMaintenance";

    /// <summary>How long job run records are kept.</summary>
    [Range(1, 36_500)] public int KeepDays { get; set; } = 90;
}
