using Microsoft.Extensions.Options;

namespace Portal.Core.Jobs;

/// <summary>Bound from <c>Jobs</c>: whether the background scheduler runs.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Each job's own settings, <c>Jobs:&lt;Name&gt;:*</c>, keyed by job name. Bound from the whole <c>Jobs</c> section, so
/// its plain keys (<c>Enabled</c>, <c>LeaseDuration</c>) appear here as entries without a schedule.
/// </summary>
public sealed class JobSettingsByName() : Dictionary<string, JobSettings>(StringComparer.OrdinalIgnoreCase)
{
    /// <summary>The job's schedule from <c>Jobs:&lt;Name&gt;:Schedule</c>, or its default when the key is absent.</summary>
    public JobSchedule ScheduleOf(IPortalJob job) =>
        JobSchedule.Parse(TryGetValue(job.Name, out var settings) && settings.Schedule is { } text ? text : job.DefaultSchedule);
}

public sealed class JobSettings
{
    /// <summary>"off", an interval ("01:00:00") or "daily HH:mm"; absent means the job's default.</summary>
    public string? Schedule { get; set; }
}

/// <summary>A schedule that cannot be read stops the portal at start rather than leaving its job silently unscheduled.</summary>
public sealed class JobSettingsValidator : IValidateOptions<JobSettingsByName>
{
    public ValidateOptionsResult Validate(string? name, JobSettingsByName options)
    {
        var failures = new List<string>();
        foreach (var (job, settings) in options)
        {
            if (settings.Schedule is not { } text)
            {
                continue;
            }
            try
            {
                JobSchedule.Parse(text);
            }
            catch (FormatException ex)
            {
                failures.Add($"Jobs:{job}:Schedule: {ex.Message}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
