using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Data;
using Portal.Tests.Integration.Staff;
using Portal.ZoomSandbox;

namespace Portal.Tests.Browser.Staff;

[Collection(BrowserCollection.Name)]
public sealed class StaffBrowserTests(StaffAppFactory factory, BrowserFixture browser) : IClassFixture<StaffAppFactory>, IClassFixture<BrowserFixture>
{
    private const string D = StaffAppFactory.Domain;

    private async Task<int> IdOfAsync(string email)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.StaffMembers.Where(s => s.NormalizedEmail == email).Select(s => s.Id).SingleAsync();
    }

    [Fact]
    public async Task Director_ImportSyncFilterInviteLicenceHistory()
    {
        // Arrange
        factory.Services.GetRequiredService<ZoomSandboxControl>().Reset();
        var connectionId = await factory.EnsureConnectionAsync();
        var csv = string.Join('\n',
            "name,email,aliases,role,connection,active",
            $"Terry Teacher,terry.teacher@{D},,Teacher,,true",
            $"Tess Tutor,tess.tutor@{D},,Tutor,,true",
            $"Casey Case,casey.case@{D},,Consultant,,true",
            $"Nina Notinzoom,nina.notinzoom@{D},,Tutor,,true",
            $"Bea Basic,bea.basic@{D},,Consultant,,true",
            $"Pat Pending,pat.pending@{D},,Tutor,,true",
            $"Dee Deactivated,dee.deactivated@{D},,Tutor,,true");
        var file = Path.Combine(factory.Folder, "roster.csv");
        await File.WriteAllTextAsync(file, csv, new System.Text.UTF8Encoding(true));
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1500, Height = 1000 } });
        await page.SignInAsync(factory.BaseUrl, "director", "/staff/import");

        // Act + Assert: import with a preview
        await page.SetInputFilesAsync("#import-file", file);
        await page.WaitForSelectorAsync("#import-preview");
        Assert.Contains("7 to add", await page.InnerTextAsync("#count-add"));
        await page.ScreenshotAsync("staff-import-preview");
        await page.ClickAsync("#confirm-import");
        try
        {
            // A full parallel test run on two cores has taken over 30 s here once; the import itself takes milliseconds.
            await page.WaitForURLAsync(u => u.EndsWith("/staff", StringComparison.Ordinal), new() { Timeout = 90000 });
        }
        catch (TimeoutException)
        {
            await page.ScreenshotAsync("staff-import-confirm-timeout");
            throw;
        }
        await page.WaitForInteractiveAsync();

        // Sync now, with progress, until the banner says it synced
        await page.ClickAsync("#sync-now");
        await Assertions.Expect(page.Locator("#staff-grid :text('Not checked yet')")).ToHaveCountAsync(0, new() { Timeout = 60000 });
        await page.WaitForSelectorAsync($"#sync-state-{connectionId}");
        await page.WaitForSelectorAsync("#staff-grid :text('Terry Teacher')");
        await page.ScreenshotAsync("staff-audit-after-sync");

        // Search (debounced) and the status filter, then ticking a row shows the bulk actions
        await page.FillAsync("#staff-search", "tess");
        await Assertions.Expect(page.Locator("#staff-grid tbody tr[aria-rowindex]")).ToHaveCountAsync(1);
        await page.FillAsync("#staff-search", "");
        await page.SelectOptionAsync("#filter-status", "Pending");
        await Assertions.Expect(page.Locator("#staff-grid tbody tr[aria-rowindex]")).ToHaveCountAsync(1);
        await page.WaitForSelectorAsync("#staff-grid :text('Pat Pending')");
        var pat = await IdOfAsync($"pat.pending@{D}");
        await page.CheckAsync($"#select-{pat}");
        await Assertions.Expect(page.Locator("#bulk-bar")).ToContainTextAsync("1 selected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear selection" }).ClickAsync();
        await Assertions.Expect(page.Locator("#bulk-bar")).ToHaveCountAsync(0);
        await page.SelectOptionAsync("#filter-status", "");
        await Assertions.Expect(page.Locator("#staff-grid tbody tr[aria-rowindex]")).ToHaveCountAsync(7);

        // Filter "Not in Zoom" and invite Nina
        await page.ClickAsync("#chip-NotInZoom");
        await page.WaitForSelectorAsync("#staff-grid :text('Nina Notinzoom')");
        await Assertions.Expect(page.Locator("#staff-grid :text('Terry Teacher')")).ToHaveCountAsync(0);
        var nina = await IdOfAsync($"nina.notinzoom@{D}");
        await page.ClickAsync($"#invite-{nina}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite as Basic" }).ClickAsync();
        await page.WaitForSelectorAsync("#action-results:has-text('now Pending')");
        await page.ClickAsync("#chip-Pending");
        await page.WaitForSelectorAsync($"#staff-grid tr:has-text('Nina Notinzoom') .status-chip[data-status='Pending']");
        await page.ScreenshotAsync("staff-invited-pending");

        // Assign a licence to Bea (Basic)
        await page.ClickAsync("#chip-Basic");
        var bea = await IdOfAsync($"bea.basic@{D}");
        await page.WaitForSelectorAsync($"#licence-{bea}");
        await page.ClickAsync($"#licence-{bea}");
        await page.WaitForSelectorAsync("text=Licences left");
        await page.ScreenshotAsync("staff-assign-licence-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync("#action-results:has-text('Licence assigned')");

        // The other views: Zoom users not on the roster, licence reclaiming, and back to the roster
        await page.ClickAsync("#tab-unmatched");
        await Assertions.Expect(page.Locator("#unmatched-grid tbody tr.mud-table-row").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#tab-unmatched")).ToHaveAttributeAsync("aria-selected", "true");
        await page.ScreenshotAsync("staff-unmatched-users");
        await page.ClickAsync("#tab-reclaim");
        await Assertions.Expect(page.Locator("#reclaim-table, #reclaim-none").First).ToBeVisibleAsync();
        await page.ClickAsync("#tab-roster");
        await Assertions.Expect(page.Locator("#staff-grid")).ToBeVisibleAsync();

        // History of Nina
        await page.GotoAsync($"{factory.BaseUrl}/staff/{nina}");
        await page.WaitForSelectorAsync("#member-history:has-text('Not in Zoom → Pending')");
        Assert.Contains("Invited to Zoom", await page.InnerTextAsync("#member-history"));
        await page.ScreenshotAsync("staff-member-history");
    }
}
