using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Data;
using Portal.Core.Features.Staff;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Staff;

public sealed class StaffDemoSeederTests
{
    [Fact]
    public async Task FirstStart_DemoRosterOn_SeedsSandboxUsersWithoutLoggingAProblem()
    {
        // Arrange
        await using var factory = new SeedingPortal();

        // Act
        _ = factory.BaseUrl;
        var seeded = await WaitForRosterAsync(factory, TimeSpan.FromSeconds(120));

        // Assert
        Assert.True(seeded > StaffDemoSeeder.Deliberate.Count, $"only {seeded} members seeded: the sandbox users were not listed");
        var problems = factory.Logs.Lines.Where(l => l.Contains(nameof(StaffDemoSeeder), StringComparison.Ordinal)
            && (l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal))).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static async Task<int> WaitForRosterAsync(SeedingPortal factory, TimeSpan timeout)
    {
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                if (await db.AuditEntries.AnyAsync(a => a.Action == "staff.demo-seeded") || waited.Elapsed > timeout)
                {
                    return await db.StaffMembers.CountAsync();
                }
            }
            await Task.Delay(250);
        }
    }

    /// <summary>The development portal as on first start: the demo connection from configuration and the demo roster on.</summary>
    private sealed class SeedingPortal() : PortalAppFactory(new Dictionary<string, string?> { ["Staff:SeedDemoRoster"] = "true" })
    {
        public LogCapture Logs { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(l => l.AddProvider(Logs));
        }
    }
}
