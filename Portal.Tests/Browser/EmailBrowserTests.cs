using Microsoft.Playwright;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

/// <summary>The portal with a mail server (the loopback SMTP server): the settings page's test e-mail, then the outbox that shows it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EmailBrowserTests(MailPortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<MailPortalAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SendTestEmail_LoopbackServerConfigured_ArrivesAndTheOutboxShowsItSent()
    {
        // Arrange
        await using var desktop = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await desktop.NewPageAsync();
        page.SetDefaultTimeout(30000);
        await page.SignInAsync(factory.BaseUrl, "admin", "/settings/email");
        await Assertions.Expect(page.Locator("#smtp-host")).ToHaveTextAsync($"127.0.0.1:{factory.Smtp.Port}");

        // Act
        await page.ClickAsync("#send-test");

        // Assert
        await Assertions.Expect(page.Locator("#test-result")).ToContainTextAsync("Sent to ada.admin@", new() { Timeout = 60000 });
        var mail = await factory.Smtp.WaitForMessageAsync(m => m.Subject?.StartsWith("Test e-mail", StringComparison.Ordinal) == true);
        Assert.StartsWith("ada.admin@", mail.To.Mailboxes.Single().Address);
        Assert.Contains("This is a test e-mail", mail.TextBody);
        await page.ScreenshotAsync("email-settings-test-sent-1280");

        await page.ClickAsync("#test-message-link");
        await Assertions.Expect(page.Locator("#message-status")).ToContainTextAsync("Sent at");

        await using var phone = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var small = await phone.NewPageAsync();
        small.SetDefaultTimeout(30000);
        await small.SignInAsync(factory.BaseUrl, "admin", "/outbox");
        await Assertions.Expect(small.Locator("#outbox-grid tbody tr[aria-rowindex]").First).ToContainTextAsync("Sent at");
        Assert.True(await small.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The outbox scrolls sideways at 390 wide.");
        await small.ScreenshotAsync("outbox-390");
        await small.GotoAsync(factory.BaseUrl + "/settings/email");
        await small.WaitForInteractiveAsync();
        await Assertions.Expect(small.Locator("#smtp-password")).ToHaveTextAsync("not set");
        Assert.True(await small.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The e-mail settings scroll sideways at 390 wide.");
        await small.ScreenshotAsync("email-settings-390");
    }
}
