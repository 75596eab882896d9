using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.SessionRecordings;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;
using static Portal.Tests.Integration.SessionRecordings.SessionRecordingsSandbox;

namespace Portal.Tests.Browser;

/// <summary>A session's recording published by a director and played by its client from the session's own link, signed out, in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionRecordingsBrowserTests(PortalAppFactory factory, BrowserFixture browser)
    : IClassFixture<PortalAppFactory>, IClassFixture<BrowserFixture>
{
    private async Task<(ScheduledSession Session, SessionRecording Tie)> RecordedAsync(string topic)
    {
        var session = await ScheduleAsync(factory, topic);
        var uuid = Record(factory, session);
        var sent = await factory.Services.GetRequiredService<ZoomSandboxControl>()
            .SendRecordingCompletedAsync(await WebhookUrlAsync(factory, session.ConnectionId), WebhookSecret, uuid);
        Assert.Equal(200, sent.StatusCode);
        var tie = await WaitForTieAsync(factory, session.Id, uuid);
        Assert.NotNull(tie);
        return (session, tie);
    }

    [Fact]
    public async Task ClientRecording_PublishedAndOpenedSignedOut_VideoLoadsItsMetadataFromTheClientEndpoint()
    {
        // Arrange
        var (session, tie) = await RecordedAsync("Client plays the recording");
        var (publishing, scope) = AsDirector<SessionRecordingService>(factory);
        using (scope)
        {
            Assert.True((await publishing.PublishAsync(session.Id, TimeSpan.FromDays(7))).Succeeded);
        }
        foreach (var (name, width, height) in new[] { ("desktop", 1280, 800), ("phone", 390, 844) })
        {
            await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
            var page = await context.NewPageAsync();
            var streamed = new List<(string Url, int Status)>();
            page.Response += (_, r) =>
            {
                if (r.Url.Contains("/recording/", StringComparison.Ordinal))
                {
                    lock (streamed)
                    {
                        streamed.Add((r.Url, r.Status));
                    }
                }
            };

            // Act
            await page.GotoAsync($"{factory.BaseUrl}/join/{session.Token}");
            await page.WaitForFunctionAsync("() => { const v = document.querySelector('#client-recording-player-0'); return v && (v.readyState >= 1 || v.error !== null); }",
                null, new() { Timeout = 30000 });
            var error = await page.EvaluateAsync<int?>("() => document.querySelector('#client-recording-player-0').error?.code ?? null");
            var duration = await page.EvaluateAsync<double>("() => document.querySelector('#client-recording-player-0').duration");
            var sideways = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
            await page.ScreenshotAsync($"client-recording-{name}");

            // Assert
            Assert.Null(error);
            Assert.InRange(duration, 2.5, 3.5);
            Assert.False(sideways);
            lock (streamed)
            {
                Assert.NotEmpty(streamed);
                Assert.All(streamed, s => Assert.StartsWith($"{factory.BaseUrl}/join/{session.Token}/recording/{tie.PlayFileId}", s.Url, StringComparison.Ordinal));
                Assert.All(streamed, s => Assert.Contains(s.Status, new[] { 200, 206 }));
            }
        }
    }

    [Fact]
    public async Task SessionPage_DirectorPublishesThenUnpublishes_ClientPageFollows()
    {
        // Arrange
        var (session, _) = await RecordedAsync("Director publishes");
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.SignInAsync(factory.BaseUrl, "director", $"/sessions/{session.Id}");
        await page.WaitForSelectorAsync("#publish-recording", new() { Timeout = 30000 });

        // Act
        await page.ClickAsync("#publish-recording");
        await page.WaitForSelectorAsync("#recording-published", new() { Timeout = 30000 });
        await page.ScreenshotAsync("session-recording-published");
        var anonymous = await browser.Browser.NewContextAsync();
        var client = await anonymous.NewPageAsync();
        await client.GotoAsync($"{factory.BaseUrl}/join/{session.Token}");
        var playerShown = await client.Locator("#client-recording-player-0").CountAsync();
        await page.ClickAsync("#unpublish-recording");
        await page.WaitForSelectorAsync("#recording-not-published", new() { Timeout = 30000 });
        await client.ReloadAsync();
        var gone = await client.Locator("#client-recording-gone").TextContentAsync();
        await client.ScreenshotAsync("client-recording-gone");
        await anonymous.DisposeAsync();

        // Assert
        Assert.Equal(1, playerShown);
        Assert.Equal("The recording is no longer available.", gone?.Trim());
    }
}
