using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using Portal.Core.Features.Notifications;
using Portal.Tests.Integration.Sessions;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Browser;

/// <summary>
/// Issue "Notifications" end to end: a session scheduled in the browser reaches the client and the teacher through a real SMTP
/// conversation (the loopback server), and the link in the client's e-mail opens the client's page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class SessionEmailsBrowserTests(MailPortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<MailPortalAppFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ScheduleSession_MailServerConfigured_ClientGetsTheLinkAndCalendarTeacherGetsTheNoticeTheLinkOpensTheClientPage()
    {
        // Arrange: the teacher books a session three days ahead, 14:30 Berlin time.
        await SessionsSandboxSeed.EnsureAsync(factory);
        var day = factory.Clock.GetUtcNow().UtcDateTime.Date.AddDays(3);
        await using var teacherContext = await browser.Browser.NewContextAsync(new() { TimezoneId = "Europe/Berlin" });
        var page = await teacherContext.NewPageAsync();
        page.SetDefaultTimeout(30000);
        await page.SignInAsync(factory.BaseUrl, "teacher", "/sessions/new");
        await page.GetByLabel("Client name").FillAsync("Chris Client");
        await page.GetByLabel("Client e-mail").FillAsync("chris.mail@example.org");
        await page.GetByLabel("Topic").FillAsync("Essay by e-mail");
        await page.GetByLabel("Date").FillAsync(day.ToString("yyyy-MM-dd"));
        await page.GetByLabel("Date").PressAsync("Tab");
        await page.GetByLabel("Start time").FillAsync("14:30");
        await page.GetByLabel("Start time").PressAsync("Tab");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByLabel("Topic")).ToHaveValueAsync("Essay by e-mail");

        // Act: schedule, then deliver the outbox as its job does (the test portal runs no scheduler).
        await page.ClickAsync("#schedule-submit");
        await page.WaitForSelectorAsync("#schedule-result");
        var shownLink = await page.Locator("#join-link-box input").InputValueAsync();
        await factory.Services.GetRequiredService<IOutboxDelivery>().DeliverDueAsync();

        // Assert: the client's message, over SMTP: to the client alone, the link shown on the page, the time in the session's zone
        // with its offset, both parts, the calendar file; no Zoom link of any kind.
        var toClient = await factory.Smtp.WaitForMessageAsync(m => m.To.Mailboxes.Any(a => a.Address == "chris.mail@example.org"));
        Assert.Single(toClient.To.Mailboxes);
        Assert.Empty(toClient.Cc);
        Assert.Contains("Essay by e-mail", toClient.Subject);
        Assert.Contains(shownLink, toClient.TextBody);
        Assert.Contains(shownLink, toClient.HtmlBody);
        Assert.Contains("14:30 (Europe/Berlin, UTC+01:00)", toClient.TextBody);
        Assert.DoesNotContain("zoom", toClient.TextBody, StringComparison.OrdinalIgnoreCase);
        var calendar = toClient.Attachments.OfType<MimePart>().Single(p => p.ContentType.MimeType == "text/calendar");
        using var ics = new MemoryStream();
        await calendar.Content!.DecodeToAsync(ics);
        var icsText = System.Text.Encoding.UTF8.GetString(ics.ToArray());
        Assert.Contains("DTSTART:" + day.ToString("yyyyMMdd") + "T133000Z", icsText);
        Assert.Contains(shownLink, icsText.Replace("\r\n ", "", StringComparison.Ordinal));

        var toTeacher = await factory.Smtp.WaitForMessageAsync(m => m.To.Mailboxes.Any(a => a.Address == SessionsSandboxSeed.Terry));
        Assert.StartsWith("New session: Essay by e-mail", toTeacher.Subject);
        Assert.DoesNotContain(shownLink, toTeacher.TextBody);
        Assert.Contains("/notifications", toTeacher.TextBody);

        // The client follows the link in the e-mail, not signed in.
        var linkInMail = JoinLink().Match(toClient.TextBody!).Value;
        await using var clientContext = await browser.Browser.NewContextAsync();
        var client = await clientContext.NewPageAsync();
        await client.GotoAsync(linkInMail);
        Assert.Contains("Essay by e-mail", await client.InnerTextAsync("#client-session"));

        // The session's page lists both e-mails as sent.
        await page.ClickAsync("#open-session");
        await Assertions.Expect(page.Locator("#session-messages")).ToContainTextAsync("chris.mail@example.org");
        Assert.Equal(2, await page.Locator("#session-messages tbody tr").CountAsync());
        Assert.DoesNotContain("Waiting", await page.InnerTextAsync("#session-messages"));
        await page.ScreenshotAsync("session-emails-sent");
    }

    [GeneratedRegex(@"https?://\S+/join/[A-Za-z0-9_\-]+")]
    private static partial Regex JoinLink();
}
