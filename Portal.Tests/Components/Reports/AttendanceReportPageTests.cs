using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Home;
using Portal.Components.Pages.Reports;
using Portal.Core.Features.Home;
using Portal.Core.Features.Outcomes;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Tests.Core.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Reports;

/// <summary>The attendance report, its CSV and the directors' home numbers over the real services and a test database.</summary>
public sealed class AttendanceReportPageTests : PortalComponentTest
{
    private readonly SessionTestHarness _h = new();
    private readonly int _terry;

    public AttendanceReportPageTests()
    {
        SignInAs("director");
        _h.Actor.Set(Roles.Director, "dana.director@writing.example.edu", "Dana Director");
        Services.AddSingleton<ICurrentActor>(_h.Actor);
        Services.AddSingleton<ISessionService>(_h.Service);
        Services.AddSingleton<TimeProvider>(_h.Clock);
        Services.AddSingleton<IAttendanceReport>(new AttendanceReport(_h.DbFactory, _h.Actor, _h.Clock));
        _h.Zoom.AddUser("zu-terry", "terry.teacher@writing.example.edu");
        _terry = _h.AddStaff("=Terry Teacher", "terry.teacher@writing.example.edu", "zu-terry");
    }

    protected override async Task DisposeTestAsync() => await _h.DisposeAsync();

    /// <summary>Three sessions this week: held (30 minutes), client did not come, and one still pending.</summary>
    private async Task SeedAsync()
    {
        var ids = new List<long>();
        foreach (var hours in new[] { 1, 3, 5 })
        {
            var result = await _h.Service.ScheduleAsync(SessionTestHarness.Request(_terry, hoursFromNow: hours));
            Assert.True(result.Succeeded, result.Message);
            ids.Add(result.SessionId!.Value);
        }
        var now = _h.Clock.GetUtcNow();
        await using var db = _h.DbFactory.CreateDbContext();
        db.SessionOutcomes.Add(new SessionOutcome { SessionId = ids[0], Status = OutcomeStatus.Held, HeldMinutes = 30, UpdatedAt = now });
        db.SessionOutcomes.Add(new SessionOutcome { SessionId = ids[1], Status = OutcomeStatus.ClientDidNotCome, HeldMinutes = 12, UpdatedAt = now });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task AttendanceReportPage_SessionsWithOutcomes_CountsHeldNoShowsAndMinutes()
    {
        // Arrange
        await SeedAsync();

        // Act
        var cut = Render<AttendanceReportPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Held: 1", cut.Find("#report-totals").TextContent));
        Assert.Contains("No-shows: 1", cut.Find("#report-totals").TextContent);
        Assert.Contains("Minutes held: 30", cut.Find("#report-totals").TextContent);
        Assert.Contains("=Terry Teacher", cut.Find("#report-table").TextContent);
    }

    [Fact]
    public async Task WriteCsv_NameStartsLikeAFormula_CellNeutralised()
    {
        // Arrange
        await SeedAsync();
        var report = Services.GetRequiredService<IAttendanceReport>();
        var day = DateOnly.FromDateTime(_h.Clock.GetUtcNow().UtcDateTime);
        using var writer = new StringWriter();

        // Act
        await report.WriteCsvAsync(new AttendanceQuery(day.AddDays(-1), day.AddDays(1)), writer);

        // Assert
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Staff member,", lines[0]);
        Assert.StartsWith("\"'=Terry Teacher\"", lines[1]);
        Assert.EndsWith(",3,1,0,1,0,1,30", lines[1]);
    }

    [Fact]
    public async Task HomePage_Director_ShowsThisWeeksHeldAndNoShows()
    {
        // Arrange
        await SeedAsync();
        Services.AddSingleton<IHomeSummaryService>(new EmptyHomeSummary());
        Services.AddSingleton<IDbContextFactory<Portal.Core.Data.PortalDbContext>>(_h.DbFactory);
        Services.AddScoped<IStaffRosterCheck, StaffRosterCheck>();

        // Act
        var cut = Render<HomePage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Held: 1", cut.Find("#week-outcomes").TextContent));
        Assert.Contains("Client did not come: 1", cut.Find("#week-outcomes").TextContent);
    }

    private sealed class EmptyHomeSummary : IHomeSummaryService
    {
        public Task<HomeSummary> GetAsync(CancellationToken ct = default) =>
            Task.FromResult(new HomeSummary(0, [], 0, new Dictionary<MappingStatus, int>(), []));
    }
}
