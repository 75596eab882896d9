using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Pages.Audit;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components;

public sealed class AuditLogPageTests : PortalComponentTest
{
    private readonly TestDatabase _database = new();

    public AuditLogPageTests()
    {
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(_database);
        Services.AddSingleton<IAuditLog>(new AuditLog(_database, FakeCurrentActor.For("director"), TimeProvider.System));
        using var db = _database.CreateDbContext();
        var day = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        db.AuditEntries.AddRange(
            new AuditEntry { At = day, Actor = "dana.director@writing.example.edu", Action = "staff.add", Target = "terry.teacher@writing.example.edu" },
            new AuditEntry { At = day.AddHours(1), Actor = "ada.admin@writing.example.edu", Action = "connection.add", Target = "Main Zoom account" },
            new AuditEntry { At = day.AddDays(1), Actor = "dana.director@writing.example.edu", Action = "recording.delete", Target = "Session with Kim" });
        db.SaveChanges();
        SignInAs("director");
    }

    private IRenderedComponent<AuditLogPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var cut = Render<AuditLogPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, Rows(cut).Count));
        return cut;
    }

    private static List<string> Rows(IRenderedComponent<AuditLogPage> cut) =>
        cut.FindAll("#audit-grid tbody tr.mud-table-row").Select(r => r.TextContent).ToList();

    [Fact]
    public void WhoFilter_EnterPressed_ShowsOnlyThatPersonAndExportKeepsTheFilter()
    {
        // Arrange
        var cut = RenderPage();

        // Act
        var who = cut.Find("#filter-actor");
        who.Input("DANA");
        who.KeyUp(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(2, Rows(cut).Count));
        Assert.All(Rows(cut), r => Assert.Contains("dana.director@", r));
        Assert.Equal("/audit/export.csv?actor=DANA", cut.Find("#export-csv").GetAttribute("href"));
    }

    [Fact]
    public void TargetFilter_ApplyClicked_MatchesPartOfTheTarget()
    {
        // Arrange
        var cut = RenderPage();

        // Act
        cut.Find("#filter-target").Input("zoom");
        cut.Find("#apply-filters").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.Contains("connection.add", Rows(cut)[0]);
    }

    [Fact]
    public void ActionFilter_Chosen_ShowsOnlyThatAction()
    {
        // Arrange
        var cut = RenderPage();

        // Act
        var select = cut.FindComponent<MudSelect<string>>();
        cut.InvokeAsync(() => select.Instance.SelectOption("recording.delete"));

        // Assert
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.Contains("Session with Kim", Rows(cut)[0]);
        Assert.Equal("/audit/export.csv?action=recording.delete", cut.Find("#export-csv").GetAttribute("href"));
    }

    [Fact]
    public void DateFilter_FromChosen_HidesEarlierEntries()
    {
        // Arrange
        var cut = RenderPage();

        // Act
        var from = cut.FindComponents<MudDatePicker>()[0];
        cut.InvokeAsync(() => from.Instance.DateChanged.InvokeAsync(new DateTime(2026, 11, 21)));

        // Assert
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.Contains("recording.delete", Rows(cut)[0]);
        Assert.Equal("/audit/export.csv?from=2026-11-21", cut.Find("#export-csv").GetAttribute("href"));
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();
}
