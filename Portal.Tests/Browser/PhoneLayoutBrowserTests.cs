using Microsoft.Playwright;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

/// <summary>
/// Every page at phone (390), tablet (768) and desktop (1280) width: nothing scrolls sideways, and sign-out and the
/// page's main action can be clicked (Playwright's trial click: visible, in the viewport after scrolling, not covered).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneLayoutBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    public static TheoryData<string, int> RoleAndWidth()
    {
        var data = new TheoryData<string, int>();
        foreach (var role in PortalPages.Roles)
        {
            foreach (var width in new[] { 390, 768, 1280 })
            {
                data.Add(role, width);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RoleAndWidth))]
    public async Task EveryPage_RoleAndWidth_NoSidewaysScrollAndActionsReachable(string role, int width)
    {
        // Arrange
        var seeded = await PortalPages.SeedAsync(factory);
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = width < 1000 ? 844 : 800 } });
        var page = await PortalPages.OpenAsync(context, factory.BaseUrl, role, dark: false);
        var found = new List<string>();

        foreach (var target in PortalPages.Of(role))
        {
            // Act
            await PortalPages.VisitAsync(page, factory.BaseUrl, target, seeded);
            var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            var innerWidth = await page.EvaluateAsync<int>("window.innerWidth");

            // Assert (collected, so that one run names every page's problems)
            if (scrollWidth > innerWidth)
            {
                found.Add($"{target.Name}: scrolls sideways ({scrollWidth} px wide in {innerWidth} px){await WidestAsync(page, innerWidth)}");
            }
            var controls = role == PortalPages.Anonymous ? [target.MainAction] : new[] { "#sign-out", target.MainAction, target.RowAction };
            foreach (var control in controls.OfType<string>())
            {
                try
                {
                    var onScreen = await page.Locator(control).First.EvaluateAsync<string>(OnScreenWithoutSidewaysScroll, null, new() { Timeout = 5000 });
                    if (onScreen.Length > 0)
                    {
                        found.Add($"{target.Name}: {control} {onScreen}");
                    }
                    await page.Locator(control).First.ClickAsync(new() { Trial = true, Timeout = 5000 });
                }
                catch (TimeoutException)
                {
                    found.Add($"{target.Name}: {control} cannot be clicked");
                }
            }
        }
        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    [Fact]
    public async Task StaffRoster_Desktop1280_GridFitsItsBoxWithTheActionsColumn()
    {
        // Arrange
        var seeded = await PortalPages.SeedAsync(factory);
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await PortalPages.OpenAsync(context, factory.BaseUrl, "director", dark: false);

        // Act
        await PortalPages.VisitAsync(page, factory.BaseUrl, PortalPages.Of("director").Single(t => t.Name == "staff-roster"), seeded);
        var widths = await page.EvaluateAsync<int[]>("() => { const b = document.querySelector('.staff-grid-box'); return [b.scrollWidth, b.clientWidth]; }");

        // Assert
        Assert.True(widths[0] <= widths[1], $"The staff grid is {widths[0]} px wide in a {widths[1]} px box: its last columns are cut off.");
    }

    [Fact]
    public async Task ConnectionWizard_Phone390_StepperHeaderFitsItsBox()
    {
        // Arrange
        var seeded = await PortalPages.SeedAsync(factory);
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var page = await PortalPages.OpenAsync(context, factory.BaseUrl, "admin", dark: false);
        await PortalPages.VisitAsync(page, factory.BaseUrl, PortalPages.Of("admin").Single(t => t.Name == "connection-wizard"), seeded);

        // Act: the first step, then the second (the longest title)
        var first = await page.EvaluateAsync<string>(StepperOverflow);
        await page.ClickAsync("#wizard-next");
        await page.Locator("#cred-name").WaitForAsync();
        var second = await page.EvaluateAsync<string>(StepperOverflow);
        await page.ScreenshotAsync("wizard-stepper-390");

        // Assert
        Assert.True(first.Length == 0, "The wizard's stepper does not fit its box at 390 px on step 1: " + first);
        Assert.True(second.Length == 0, "The wizard's stepper does not fit its box at 390 px on step 2: " + second);
    }

    /// <summary>Empty when the stepper's header keeps every step (its circle and visible text) inside its own box, unclipped.</summary>
    private const string StepperOverflow = @"() => {
        const nav = document.querySelector('#wizard .wizard-nav');
        if (!nav) return 'no stepper header (.wizard-nav) found';
        const box = nav.getBoundingClientRect();
        if (nav.scrollWidth > nav.clientWidth + 1) return `its content is ${nav.scrollWidth} px wide in ${nav.clientWidth} px`;
        const out = [...nav.querySelectorAll('*')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; })
            .filter(e => { const r = e.getBoundingClientRect(); return r.left < box.left - 1 || r.right > box.right + 1 || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow === 'hidden'; })
            .map(e => (e.textContent || e.tagName).trim().slice(0, 30) + ` (x ${Math.round(e.getBoundingClientRect().left)} to ${Math.round(e.getBoundingClientRect().right)})`);
        return out.slice(0, 4).join('; ');
    }";

    /// <summary>
    /// Scrolls the page up or down only, then says why the element could not be tapped where it is: outside the screen's
    /// width, or covered or clipped (what is under its centre is something else). Empty when it can be tapped.
    /// Playwright's own checks scroll clipped boxes sideways first, so they would pass a button cut off on a phone.
    /// </summary>
    private const string OnScreenWithoutSidewaysScroll = @"el => {
        window.scrollBy(0, el.getBoundingClientRect().top - innerHeight / 2);
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return 'is not visible';
        if (r.left < 0 || r.right > innerWidth) return `is off the screen (x ${Math.round(r.left)} to ${Math.round(r.right)} of ${innerWidth})`;
        const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
        return hit && (hit === el || el.contains(hit)) ? '' : 'is covered or clipped by ' + (hit ? hit.outerHTML.slice(0, 80) : 'nothing');
    }";

    /// <summary>The innermost elements that reach past the right edge, to say what overflows.</summary>
    private static async Task<string> WidestAsync(IPage page, int innerWidth)
    {
        var culprits = await page.EvaluateAsync<string[]>(@"w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1))
            .slice(0, 4)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).slice(0, 3).join('.') : '') + ' right=' + Math.round(e.getBoundingClientRect().right))", innerWidth);
        return culprits.Length == 0 ? "" : ": " + string.Join("; ", culprits);
    }
}
