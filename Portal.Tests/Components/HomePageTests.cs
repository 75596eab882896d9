using System.Text.RegularExpressions;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Home;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Home;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components;

public sealed class HomePageTests : PortalComponentTest
{
    private readonly FakeHomeSummaryService _summary = new();

    private readonly TestDatabase _database = new();

    public HomePageTests()
    {
        Services.AddSingleton<IHomeSummaryService>(_summary);
        Services.AddSingleton<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Core.Data.PortalDbContext>>(_database);
        Services.AddScoped<IStaffRosterCheck, StaffRosterCheck>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddScoped<Portal.Core.Features.Outcomes.IAttendanceReport, Portal.Core.Features.Outcomes.AttendanceReport>();
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    private IRenderedComponent<HomePage> RenderAs(string user)
    {
        SignInAs(user);
        return Render<HomePage>();
    }

    [Fact]
    public void HomePage_AdminWithoutConnection_LeadsToTheSetupWizard()
    {
        // Act
        var cut = RenderAs("admin");

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Next step: connect your Zoom account", cut.Markup));
        Assert.NotNull(cut.Find("#next-step a[href='/connections/new']"));
        Assert.Contains("Welcome, Ada Admin", cut.Find("h1").TextContent);
        Assert.Empty(cut.FindAll("#no-connection"));
    }

    [Fact]
    public void HomePage_AdminWithUnhealthyConnection_ShowsConnectionHealthAndAlerts()
    {
        // Arrange
        _summary.Summary = _summary.Summary with
        {
            Connections = 2,
            ConnectionHealth =
            [
                new ConnectionHealthLine(1, "Main campus", new ConnectionHealthReport(HealthState.Healthy, "Zoom accepts the credentials and every feature is on.")),
                new ConnectionHealthLine(2, "Linked by Ada", new ConnectionHealthReport(HealthState.Limited, "Zoom's permissions cover only ada@example.edu.")),
            ],
            Alerts = [new HomeAlert(AlertSeverity.Critical, "Storage almost full.", "96% used.", "/dashboards", "Open dashboards")],
        };

        // Act
        var cut = RenderAs("admin");

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("2 connected; 1 need attention.", Text(cut.Find("#next-step"))));
        Assert.Contains("Storage almost full.", cut.Find("#home-alerts").TextContent);
        Assert.DoesNotContain("Start the setup wizard", cut.Markup);
    }

    [Fact]
    public void HomePage_Director_ShowsMappingProblemsNotConnections()
    {
        // Arrange
        _summary.Summary = _summary.Summary with
        {
            Connections = 1,
            StaffMembers = 10,
            MappingCounts = new Dictionary<MappingStatus, int> { [MappingStatus.Ready] = 7, [MappingStatus.NotInZoom] = 3 },
        };

        // Act
        var cut = RenderAs("director");

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("3 of 10 active staff members cannot host sessions on Zoom yet.", Text(cut.Find("#mapping-summary"))));
        Assert.Empty(cut.FindAll("#next-step"));
        Assert.NotNull(cut.Find("#mapping-summary a[href='/staff']"));
    }

    [Fact]
    public void HomePage_DirectorWithoutConnection_AsksForTheAdministrator()
    {
        // Act
        var cut = RenderAs("director");

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Ask your IT administrator", cut.Find("#no-connection").TextContent));
        Assert.DoesNotContain("Start the setup wizard", cut.Markup);
    }

    [Fact]
    public async Task HomePage_Teacher_ShowsOwnSessionsAndRecordingsOnly()
    {
        // Arrange
        await using (var db = _database.CreateDbContext())
        {
            db.StaffMembers.Add(new StaffMember { Name = "Terry Teacher", Email = "terry.teacher@writing.example.edu", NormalizedEmail = "terry.teacher@writing.example.edu" });
            await db.SaveChangesAsync();
        }

        // Act
        var cut = RenderAs("teacher");

        // Assert
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("a[href='/sessions/mine']")));
        Assert.NotNull(cut.Find("a[href='/recordings/mine']"));
        Assert.Empty(cut.FindAll("#mapping-summary"));
        Assert.Empty(cut.FindAll("#next-step"));
    }

    [Fact]
    public void HomePage_TeacherNotOnRoster_SaysSoInsteadOfEmptyPages()
    {
        // Act
        var cut = RenderAs("teacher");

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("You are not on the writing center's roster yet", cut.Find("#not-on-roster").TextContent));
        Assert.Empty(cut.FindAll("a[href='/sessions/mine']"));
        Assert.Empty(cut.FindAll("a[href='/recordings/mine']"));
    }

    [Fact]
    public void HomePage_DirectorWithMappingProblems_ShowsStatusLabelsNotEnumNames()
    {
        // Arrange
        _summary.Summary = _summary.Summary with
        {
            Connections = 1,
            StaffMembers = 4,
            MappingCounts = new Dictionary<MappingStatus, int> { [MappingStatus.Ready] = 2, [MappingStatus.NotInZoom] = 1, [MappingStatus.InAnotherAccount] = 1 },
        };

        // Act
        var cut = RenderAs("director");

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Not in Zoom: 1", Text(cut.Find("#mapping-summary"))));
        Assert.Contains("In another account: 1", Text(cut.Find("#mapping-summary")));
        Assert.DoesNotContain("NotInZoom", cut.Markup);
        Assert.DoesNotContain("InAnotherAccount", cut.Markup);
    }

    private static string Text(AngleSharp.Dom.IElement element) => Regex.Replace(element.TextContent, @"\s+", " ");

    private sealed class FakeHomeSummaryService : IHomeSummaryService
    {
        public HomeSummary Summary { get; set; } = new(0, [], 0, new Dictionary<MappingStatus, int>(), []);

        public Task<HomeSummary> GetAsync(CancellationToken ct = default) => Task.FromResult(Summary);
    }
}
