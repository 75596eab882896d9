using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Pages.Audit;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components;

public sealed class AuditLogPageTests : PortalComponentTest
{
    private const string Dana = "dana.director@writing.example.edu";
    private readonly TestDatabase _database = new();
    private readonly int _terryId;
    private readonly int _connectionId;
    private readonly long _sessionId;
    private readonly int _danaId;

    public AuditLogPageTests()
    {
        SignInAs("director");
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(_database);
        Services.AddSingleton<IAuditLog>(sp => new AuditLog(_database, sp.GetRequiredService<Portal.Core.Identity.ICurrentActor>(), TimeProvider.System));
        Services.AddSingleton<IConnectionDirectory>(sp => new ConnectionDirectory(_database, sp.GetRequiredService<Portal.Core.Identity.ICurrentActor>()));
        using var db = _database.CreateDbContext();
        var connection = new ZoomConnection { Name = "Main Zoom account", Slug = "main", Kind = ConnectionKind.ServerToServer, AccountId = "acc-1", ClientId = "c", EncryptedClientSecret = "x" };
        var terry = new StaffMember { Name = "Terry Teacher", Email = "terry.teacher@writing.example.edu", NormalizedEmail = "terry.teacher@writing.example.edu" };
        var dana = new StaffMember { Name = "Dana Director", Email = Dana, NormalizedEmail = Dana };
        db.AddRange(connection, terry, dana);
        db.SaveChanges();
        var session = new Session
        {
            StaffMemberId = terry.Id, ConnectionId = connection.Id, ClientName = "Kim", ClientEmail = "kim@example.org", TimeZone = "UTC",
            Topic = "Essay review", JoinTokenHash = "hash",
        };
        db.Sessions.Add(session);
        db.SaveChanges();
        (_terryId, _connectionId, _sessionId, _danaId) = (terry.Id, connection.Id, session.Id, dana.Id);

        var day = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
        db.AuditEntries.AddRange(
            AuditEntry.Create(day, Dana, null, StaffAuditActions.Updated, AuditTarget.Staff(terry.Id, terry.Email), new { StaffRole = "Tutor" }, new { StaffRole = "Teacher" }, connection.Id),
            AuditEntry.Create(day.AddHours(1), "ada.admin@writing.example.edu", null, "connection.renamed", AuditTarget.Connection(connection.Id, "Main Zoom account"),
                new { Name = "Main" }, new { Name = "Main Zoom account" }, connection.Id),
            AuditEntry.Create(day.AddHours(2), Dana, null, SessionAuditActions.Scheduled, AuditTarget.Session(session.Id, "Essay review"), null, new { Topic = "Essay review" }, null),
            AuditEntry.Create(day.AddHours(3), Dana, null, StaffAuditActions.Updated, AuditTarget.Staff(999, "gone@writing.example.edu"), new { Name = "Gone" }, null, null),
            // Written before entries were structured: a key-like target and raw JSON values.
            new AuditEntry { At = day.AddDays(1), Actor = Dana, Action = "recording.delete", Target = $"staff:{terry.Id} terry.teacher@writing.example.edu",
                NewValue = "{\"Passed\":true,\"Error\":null,\"Scopes\":[\"user:read:admin\",\"meeting:write:admin\"]}" });
        db.SaveChanges();
    }

    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    private IRenderedComponent<AuditLogPage> RenderPage(string address = "/audit", int rows = 5)
    {
        Navigation.NavigateTo(address);
        Render<MudPopoverProvider>();
        var cut = Render<AuditLogPage>();
        cut.WaitForAssertion(() => Assert.Equal(rows, Rows(cut).Count));
        return cut;
    }

    private static List<string> Rows(IRenderedComponent<AuditLogPage> cut) =>
        cut.FindAll("#audit-grid tbody tr.audit-row").Select(r => r.TextContent).ToList();

    [Fact]
    public void WhoFilter_EnterPressed_PutsTheFilterInTheAddressAndShowsOnlyThatPerson()
    {
        // Arrange
        var cut = RenderPage();

        // Act
        var who = cut.Find("#filter-actor");
        who.Input("ADA");
        who.KeyUp(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        // Assert
        cut.WaitForAssertion(() => Assert.EndsWith("/audit?who=ADA", Navigation.Uri, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.Contains("ada.admin@", Rows(cut)[0]);
        Assert.Equal("/audit/export.csv?actor=ADA", cut.Find("#export-csv").GetAttribute("href"));
    }

    [Fact]
    public void OpenedWithFiltersInTheAddress_ShowsThemAppliedInTheFieldsAndRows()
    {
        // Act
        var cut = RenderPage($"/audit?action=staff.updated&connection={_connectionId}&from=2026-11-20&to=2026-11-20&q=terry", rows: 1);

        // Assert
        Assert.Contains("changed staff member terry.teacher@", Rows(cut)[0]);
        Assert.Equal("terry", cut.Find("#filter-search").GetAttribute("value"));
        var shown = cut.FindAll("#audit-filters input").Select(i => i.GetAttribute("value")).ToList();
        Assert.Contains("Staff: updated", shown);
        Assert.Contains("Main Zoom account", shown);
        Assert.Equal(2, shown.Count(v => v == "2026-11-20"));
        Assert.Equal($"/audit/export.csv?action=staff.updated&connection={_connectionId}&q=terry&from=2026-11-20&to=2026-11-20",
            cut.Find("#export-csv").GetAttribute("href"));
    }

    [Fact]
    public void ActionChosen_AddressChangesAndKeepsTheOtherFilters()
    {
        // Arrange
        var cut = RenderPage("/audit?who=dana", rows: 4);

        // Act
        var select = cut.FindComponents<MudSelect<string>>().Single();
        cut.InvokeAsync(() => select.Instance.SelectOption(SessionAuditActions.Scheduled));

        // Assert
        cut.WaitForAssertion(() => Assert.EndsWith($"/audit?who=dana&action={SessionAuditActions.Scheduled}", Navigation.Uri, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
        Assert.Contains("scheduled session “Essay review”", Rows(cut)[0]);
    }

    [Fact]
    public void DateChosen_AddressHoldsTheDayAndEarlierEntriesHide()
    {
        // Arrange
        var cut = RenderPage();

        // Act
        var from = cut.FindComponents<MudDatePicker>()[0];
        cut.InvokeAsync(() => from.Instance.DateChanged.InvokeAsync(new DateTime(2026, 11, 21)));

        // Assert
        cut.WaitForAssertion(() => Assert.EndsWith("/audit?from=2026-11-21", Navigation.Uri, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Single(Rows(cut)));
    }

    [Fact]
    public void Entries_NamesOfExistingPeopleSessionsAndConnections_AreLinks()
    {
        // Act
        var cut = RenderPage();

        // Assert
        var links = cut.FindAll("#audit-grid a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Contains(("staff member terry.teacher@writing.example.edu", $"/staff/{_terryId}"), links);
        Assert.Contains(("session “Essay review”", $"/sessions/{_sessionId}"), links);
        Assert.Contains(("connection “Main Zoom account”", $"/dashboards/{_connectionId}"), links);
        Assert.Contains((Dana, $"/staff/{_danaId}"), links);
        Assert.DoesNotContain(links, l => l.TextContent.Contains("gone@", StringComparison.Ordinal));
        Assert.DoesNotContain(links, l => l.TextContent.StartsWith("ada.admin", StringComparison.Ordinal));
    }

    [Fact]
    public void Entries_WrittenBeforeStructuredContent_ReadWithoutKeysOrJson()
    {
        // Act
        var cut = RenderPage();

        // Assert
        var text = cut.Find("#audit-grid").TextContent;
        Assert.DoesNotContain($"staff:{_terryId}", text);
        Assert.DoesNotContain("{", text);
        Assert.DoesNotContain("\"", text);
        Assert.DoesNotContain("recording.delete", text);
        Assert.Contains("Passed yes; Scopes user:read:admin, meeting:write:admin", Rows(cut)[0]);
    }

    [Fact]
    public void ManyEntries_PageInTheAddress_ShowsThatPageAndThePagerChangesIt()
    {
        // Arrange
        using (var db = _database.CreateDbContext())
        {
            db.AuditEntries.AddRange(Enumerable.Range(0, 30).Select(i => AuditEntry.Create(new DateTimeOffset(2026, 10, 1, 0, i, 0, TimeSpan.Zero), Dana, null,
                StaffAuditActions.Rechecked, AuditTarget.Staff(_terryId, "terry.teacher@writing.example.edu"), null, null, null)));
            db.SaveChanges();
        }

        // Act
        var cut = RenderPage("/audit?page=2", rows: 10);
        cut.InvokeAsync(() => cut.FindComponent<MudPagination>().Instance.SelectedChanged.InvokeAsync(1));

        // Assert
        cut.WaitForAssertion(() => Assert.EndsWith("/audit", Navigation.Uri, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal(25, Rows(cut).Count));
        Assert.Contains("Entries 1–25 of 35", cut.Find("#audit-count").TextContent);
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();
}
