using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

/// <summary>A wrong setting stops the portal at start with a message that names the key and the value found.</summary>
public sealed class OptionsStartupTests
{
    [Theory]
    [InlineData("Alerts:StorageWarnPercent", "0", "Alerts:StorageWarnPercent must be between 1 and 1000 (was 0).")]
    [InlineData("Alerts:ProjectionWarnDays", "5000", "Alerts:ProjectionWarnDays must be between 1 and 3650 (was 5000).")]
    [InlineData("Alerts:LicenceWarnPercent", "99", "Alerts:LicenceWarnPercent (99) must not be above Alerts:LicenceCriticalPercent (95).")]
    [InlineData("Dashboards:ConsumerScanDays", "0", "Dashboards:ConsumerScanDays must be between 1 and 180 (was 0).")]
    [InlineData("Dashboards:StaleAfter", "00:00:00", "Dashboards:StaleAfter must be between 00:00:01 and 365.00:00:00 (was 00:00:00).")]
    [InlineData("Dashboards:ZoomApiPlan", "7", "Dashboards:ZoomApiPlan must be one of Free, Pro, Business (was 7).")]
    [InlineData("Staff:ReclaimAfterDays", "0", "Staff:ReclaimAfterDays must be between 1 and 3650 (was 0).")]
    [InlineData("Sessions:BasicMaxMinutes", "0", "Sessions:BasicMaxMinutes must be between 1 and 1440 (was 0).")]
    [InlineData("Sessions:Defaults:AutoRecording", "always", "Sessions:Defaults:AutoRecording must be one of none, cloud, local (was always).")]
    [InlineData("Sessions:JoinRateLimit:PermitLimit", "0", "Sessions:JoinRateLimit:PermitLimit must be between 1 and 100000 (was 0).")]
    [InlineData("Sessions:HostCheckWindow", "-01:00:00", "Sessions:HostCheckWindow must be between 00:01:00 and 30.00:00:00 (was -01:00:00).")]
    [InlineData("Recordings:ConcurrentMonths", "0", "Recordings:ConcurrentMonths must be between 1 and 24 (was 0).")]
    [InlineData("Recordings:SharedStreamPermitsPerMinute", "-5", "Recordings:SharedStreamPermitsPerMinute must be between 1 and 100000 (was -5).")]
    [InlineData("Recordings:ShareDefaultDays", "40", "Recordings:ShareDefaultDays must not be above Recordings:ShareMaxDays.")]
    [InlineData("Jobs:StaffSync:Schedule", "weekly", "Jobs:StaffSync:Schedule: Job schedule 'weekly' is not 'off', an interval such as '01:00:00' or 'daily HH:mm'.")]
    [InlineData("Zoom:MaxRetries", "11", "Zoom:MaxRetries must be between 0 and 10 (was 11).")]
    [InlineData("Zoom:RateLimits:Medium", "0", "Zoom:RateLimits:Medium must be between 0.1 and 10000 (was 0).")]
    [InlineData("Jobs:DatabaseMaintenance:KeepDays", "0", "Jobs:DatabaseMaintenance:KeepDays must be between 1 and 36500 (was 0).")]
    [InlineData("Jobs:ZoomLinkRefresh:RefreshOlderThan", "100.00:00:00", "Jobs:ZoomLinkRefresh:RefreshOlderThan must be between 00:00:00 and 80.00:00:00 (was 100.00:00:00).")]
    [InlineData("Database:Provider", "Oracle", "Database:Provider 'Oracle' is not supported; use 'Sqlite' or 'PostgreSQL'.")]
    [InlineData("DataProtection:ApplicationName", "", "DataProtection:ApplicationName must be set.")]
    [InlineData("Webhooks:StoreTimeout", "00:00:05", "Webhooks:StoreTimeout must be positive and under 3 seconds")]
    [InlineData("Email:AlertRecipients:0", "it desk", "Email:AlertRecipients:0 must be an e-mail address (was 'it desk').")]
    [InlineData("Email:Smtp:Security", "Tls", "Email:Smtp:Security must be one of Auto, None, StartTls, SslOnConnect (was 'Tls').")]
    [InlineData("Email:Smtp:Host", "smtp.school.example", "Email:From must be an e-mail address when Email:Smtp:Host is set (was '').")]
    [InlineData("Email:MaxAttempts", "0", "Email:MaxAttempts must be between 1 and 100 (was 0).")]
    public async Task Start_InvalidSetting_RefusesNamingTheKey(string key, string value, string expected)
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?> { [key] = value });

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        Assert.NotNull(error);
        Assert.Contains(expected, Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RealProcessWithInvalidSetting_ExitsWithOneLineNamingTheKey()
    {
        // Arrange: the built portal, as an operator starts it, with one threshold out of range.
        var database = Path.Combine(Path.GetTempPath(), $"portal-invalid-{Guid.NewGuid():N}.db");
        await using var portal = PortalProcess.Start(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings:Portal"] = $"Data Source={database}",
            ["Alerts:StorageWarnPercent"] = "0",
        });

        // Act
        var exitCode = await portal.WaitForExitAsync(TimeSpan.FromSeconds(120));

        // Assert
        Assert.Equal(1, exitCode);
        var line = Assert.Single(portal.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("Portal did not start: Alerts:StorageWarnPercent must be between 1 and 1000 (was 0).", line);
        Assert.False(File.Exists(database), "Nothing is written before the refusal.");
    }

    [Fact]
    public async Task Start_PostgreSqlWithoutConnectionString_RefusesNamingConnectionStringsPortal()
    {
        // Arrange
        await using var app = new CustomPortalAppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Portal"] = "",
        });

        // Act
        var error = Record.Exception(() => app.BaseUrl);

        // Assert
        Assert.NotNull(error);
        Assert.Contains("Database:Provider is PostgreSQL: set ConnectionStrings:Portal", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RealProcessWithUnknownDatabaseProvider_ExitsWithOneLineNamingTheKey()
    {
        // Arrange: the provider decides what is registered, so it is checked while services are registered.
        var database = Path.Combine(Path.GetTempPath(), $"portal-provider-{Guid.NewGuid():N}.db");
        await using var portal = PortalProcess.Start(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings:Portal"] = $"Data Source={database}",
            ["Database:Provider"] = "Oracle",
        });

        // Act
        var exitCode = await portal.WaitForExitAsync(TimeSpan.FromSeconds(120));

        // Assert
        Assert.Equal(1, exitCode);
        var line = Assert.Single(portal.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("Portal did not start: Database:Provider 'Oracle' is not supported; use 'Sqlite' or 'PostgreSQL'.", line);
        Assert.False(File.Exists(database), "Nothing is written before the refusal.");
    }

    private static string Flatten(Exception error)
    {
        var messages = new List<string>();
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }
        return string.Join(" | ", messages);
    }
}
