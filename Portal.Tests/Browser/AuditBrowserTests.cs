using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

/// <summary>The audit log's filters live in the address: a shared link opens filtered, and changing a filter changes the link.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task FilteredAddress_Opened_ShowsTheFilterAndAChangedFilterChangesTheAddress()
    {
        // Arrange
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var at = factory.Clock.GetUtcNow().AddHours(-1);
            db.AuditEntries.AddRange(
                AuditEntry.Create(at, "ada.admin@writing.example.edu", null, "connection.renamed", AuditTarget.Connection(4242, "Old campus"), new { Name = "Old" }, new { Name = "Old campus" }, null),
                AuditEntry.Create(at.AddMinutes(1), "ada.admin@writing.example.edu", null, "connection.renamed", AuditTarget.Connection(4243, "New campus"), new { Name = "New" }, new { Name = "New campus" }, null),
                AuditEntry.Create(at.AddMinutes(2), "dana.director@writing.example.edu", null, "staff.updated", AuditTarget.Staff(4244, "kim@writing.example.edu"), new { StaffRole = "Tutor" }, new { StaffRole = "Teacher" }, null));
            await db.SaveChangesAsync();
        }
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30000);
        await page.SignInAsync(factory.BaseUrl, "director", "/audit?who=ada.admin&q=campus");
        await page.WaitForInteractiveAsync();
        var rows = page.Locator("#audit-grid tbody tr.audit-row");

        // Act: the shared link opened
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#filter-actor")).ToHaveValueAsync("ada.admin");
        await Assertions.Expect(page.Locator("#filter-search")).ToHaveValueAsync("campus");
        await Assertions.Expect(rows.First).ToContainTextAsync("renamed connection “New campus”: Name New → New campus");
        await page.ScreenshotAsync("audit-filtered-link");

        // Act: another filter
        await page.Locator("#filter-target").FillAsync("Old campus");
        await page.Locator("#filter-target").PressAsync("Enter");

        // Assert
        await page.WaitForURLAsync(url => url.Contains("target=Old", StringComparison.Ordinal));
        Assert.EndsWith("/audit?who=ada.admin&q=campus&target=Old%20campus", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("Old campus");
        await Assertions.Expect(page.Locator("#export-csv")).ToHaveAttributeAsync("href", "/audit/export.csv?actor=ada.admin&target=Old%20campus&q=campus");
    }
}
