using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Recordings;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;
using Xunit.Abstractions;

namespace Portal.Tests.Integration;

public sealed class RecordingsIntegrationTests(PortalAppFactory factory, ITestOutputHelper output) : IClassFixture<PortalAppFactory>
{
    private ZoomSandboxControl Control => factory.Services.GetRequiredService<ZoomSandboxControl>();

    private DateOnly Today => DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);

    private async Task<List<RecordingItem>> ListAsync(string user, int staffId, DateOnly from, DateOnly to)
    {
        await using var scope = RecordingsSandboxSeed.ScopeAs(factory, user);
        var service = scope.ServiceProvider.GetRequiredService<IRecordingService>();
        var items = new List<RecordingItem>();
        await foreach (var month in service.ListByMonthAsync(staffId, from, to))
        {
            Assert.Null(month.Error);
            items.AddRange(month.Recordings);
        }
        return items;
    }

    [Fact]
    public async Task ListByMonthAsync_OneYearAgainstSandbox_EveryMonthConcurrentlyFirstMonthUnderOneSecond()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var expected = Control.RecordingUuids(RecordingsSandboxSeed.AccountId, RecordingsSandboxSeed.TerryEmail);
        Control.ResetRequestCounts();
        await using var scope = RecordingsSandboxSeed.ScopeAs(factory, "teacher");
        var service = scope.ServiceProvider.GetRequiredService<IRecordingService>();
        var stopwatch = Stopwatch.StartNew();
        TimeSpan? first = null;
        var months = new List<RecordingMonth>();

        // Act
        await foreach (var month in service.ListByMonthAsync(seeded.TerryId, Today.AddYears(-1), Today))
        {
            first ??= stopwatch.Elapsed;
            months.Add(month);
        }
        var total = stopwatch.Elapsed;

        // Assert
        var report = $"service, one year of Terry's recordings: first month after {first!.Value.TotalMilliseconds:0} ms, all 13 after {total.TotalMilliseconds:0} ms, {months.Sum(m => m.Recordings.Count)} recordings";
        output.WriteLine(report);
        await File.AppendAllTextAsync(Path.Combine(Portal.Tests.Browser.BrowserFixture.ScreenshotFolder, "recordings-timing.txt"), report + Environment.NewLine);
        Assert.Equal(13, months.Count);
        Assert.All(months, m => Assert.Null(m.Error));
        Assert.True(first < TimeSpan.FromSeconds(1), $"first month after {first}");
        var uuids = months.SelectMany(m => m.Recordings).Select(r => r.MeetingUuid).ToList();
        Assert.Equal(expected.Order(), uuids.Order());
        Assert.Contains(uuids, u => u.StartsWith('/') || u.Contains("//", StringComparison.Ordinal));
        Assert.Equal(13, Control.RequestCount("GET", "/users/{userId}/recordings"));
        Assert.All(months, m => Assert.All(m.Recordings, r => Assert.InRange(DateOnly.FromDateTime(r.StartTime.UtcDateTime), m.From, m.To)));
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public async Task ListByMonthAsync_WholePortalOnAnyDay_SixMonthsInCalendarMonthsNoneRefused(DateTimeOffset now)
    {
        // Arrange: the portal and its sandbox on one clock that starts at the instant and keeps running.
        using var running = new RunningFakeClock(now);
        await using var portal = new CustomPortalAppFactory(new Dictionary<string, string?>(), running.Clock);
        var seeded = await RecordingsSandboxSeed.EnsureAsync(portal);
        var control = portal.Services.GetRequiredService<ZoomSandboxControl>();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await using var scope = RecordingsSandboxSeed.ScopeAs(portal, "teacher");
        var service = scope.ServiceProvider.GetRequiredService<IRecordingService>();
        var months = new List<RecordingMonth>();

        // Act
        await foreach (var month in service.ListByMonthAsync(seeded.TerryId, today.AddDays(-183), today))
        {
            months.Add(month);
        }

        // Assert
        Assert.All(months, m => Assert.True(m.Error is null, $"{m.From}..{m.To}: {m.Error}"));
        Assert.All(months, m => Assert.Equal((m.From.Year, m.From.Month), (m.To.Year, m.To.Month)));
        Assert.Equal(control.RecordingUuids(RecordingsSandboxSeed.AccountId, RecordingsSandboxSeed.TerryEmail).Order(),
            months.SelectMany(m => m.Recordings).Select(r => r.MeetingUuid).Order());
    }

    [Fact]
    public async Task ListByMonthAsync_RangeCrossingMonthEnds_MatchesOneWindowPerMonth()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var from = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-3).AddDays(20);
        var to = new DateOnly(Today.Year, Today.Month, 1).AddMonths(-1).AddDays(5);

        // Act
        var all = await ListAsync("teacher", seeded.TerryId, from, to);

        // Assert
        Assert.NotEmpty(all);
        Assert.All(all, r => Assert.InRange(DateOnly.FromDateTime(r.StartTime.UtcDateTime), from, to));
        Assert.Equal(all.Count, all.Select(r => r.MeetingUuid).Distinct().Count());
    }

    [Fact]
    public async Task FileStream_OwnRecordingWithRange_206WithContentRangeThroughDoubleEncodedUuid()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var recordings = await ListAsync("teacher", seeded.TerryId, Today.AddMonths(-7), Today);
        var odd = recordings.First(r => r.MeetingUuid.StartsWith('/') || r.MeetingUuid.Contains("//", StringComparison.Ordinal));
        var video = odd.Files.First(f => f.Kind == RecordingFileKind.Video);
        using var client = factory.CreatePortalClient();
        await client.SignInAsync("teacher");
        using var request = new HttpRequestMessage(HttpMethod.Get, Relative(odd, video));
        request.Headers.Range = new RangeHeaderValue(100, 1123);

        // Act
        using var response = await client.Http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        using var full = await client.GetAsync(Relative(odd, video) + "?download=1");

        // Assert
        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(1024, body.Length);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Equal(100, response.Content.Headers.ContentRange!.From);
        Assert.Equal(1123, response.Content.Headers.ContentRange.To);
        Assert.Equal(video.Size, response.Content.Headers.ContentRange.Length);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("attachment", full.Content.Headers.ContentDisposition!.DispositionType);
        Assert.DoesNotContain("Bearer", string.Join(' ', full.Headers.Concat(full.Content.Headers).SelectMany(h => h.Value)));
    }

    [Fact]
    public async Task FileStream_AnotherTeachersRecordingByUrl_404_AnonymousRedirected()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var terrys = await ListAsync("teacher", seeded.TerryId, Today.AddDays(-60), Today);
        var url = Relative(terrys[0], terrys[0].Files[0]);
        using var tess = factory.CreatePortalClient();
        await tess.SignInAsync("teacher2");
        using var director = factory.CreatePortalClient();
        await director.SignInAsync("director");
        using var anonymous = factory.CreatePortalClient();

        // Act
        using var denied = await tess.GetAsync(url);
        using var allowed = await director.GetAsync(url);
        using var redirected = await anonymous.GetAsync(url);
        using var garbage = await tess.GetAsync($"/recordings/files/{seeded.ConnectionId}/not-a-key!/x");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, denied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, redirected.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
    }

    [Fact]
    public async Task Services_TeacherActingOnAnotherTeachersRecording_DeniedBelowTheUi()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var terrys = await ListAsync("teacher", seeded.TerryId, Today.AddDays(-60), Today);
        await using var scope = RecordingsSandboxSeed.ScopeAs(factory, "teacher2");
        var recordings = scope.ServiceProvider.GetRequiredService<IRecordingService>();
        var shares = scope.ServiceProvider.GetRequiredService<IRecordingShareService>();

        // Act + Assert
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => recordings.DeleteAsync(seeded.ConnectionId, terrys[0].MeetingUuid));
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => shares.CreateAsync(seeded.ConnectionId, terrys[0].MeetingUuid, 7));
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(() => recordings.ListTrashAsync(seeded.TerryId));
        await Assert.ThrowsAsync<RecordingAccessDeniedException>(async () =>
        {
            await foreach (var _ in recordings.ListByMonthAsync(seeded.TerryId, Today.AddDays(-10), Today))
            {
            }
        });
        Assert.Contains(terrys[0].MeetingUuid, Control.RecordingUuids(RecordingsSandboxSeed.AccountId, RecordingsSandboxSeed.TerryEmail));
    }

    [Fact]
    public async Task SharedLink_ValidRevokedExpiredWrong_OnlyValidStreams()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var terrys = await ListAsync("teacher", seeded.TerryId, Today.AddDays(-90), Today);
        var recording = terrys[1];
        CreatedShare live, revoked, expired;
        await using (var scope = RecordingsSandboxSeed.ScopeAs(factory, "teacher"))
        {
            var shares = scope.ServiceProvider.GetRequiredService<IRecordingShareService>();
            live = (await shares.CreateAsync(seeded.ConnectionId, recording.MeetingUuid, 7)).Value!;
            revoked = (await shares.CreateAsync(seeded.ConnectionId, recording.MeetingUuid, 7)).Value!;
            expired = (await shares.CreateAsync(seeded.ConnectionId, recording.MeetingUuid, 1)).Value!;
            await shares.RevokeAsync(revoked.ShareId);
        }
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var row = await db.Set<RecordingShare>().SingleAsync(s => s.Id == expired.ShareId);
            row.ExpiresAt = factory.Clock.GetUtcNow().AddSeconds(-1);
            await db.SaveChangesAsync();
        }
        using var anonymous = factory.CreatePortalClient();
        var video = recording.Files.First(f => f.Kind == RecordingFileKind.Video);
        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"shared/{live.Token}/files/{video.Id}");
        ranged.Headers.Range = new RangeHeaderValue(0, 99);

        // Act
        using var page = await anonymous.GetAsync(live.Path);
        using var stream = await anonymous.Http.SendAsync(ranged);
        using var revokedPage = await anonymous.GetAsync(revoked.Path);
        using var revokedStream = await anonymous.GetAsync($"/shared/{revoked.Token}/files/{video.Id}");
        using var expiredPage = await anonymous.GetAsync(expired.Path);
        using var wrong = await anonymous.GetAsync($"/shared/{live.Token[..^3]}abc");

        // Assert
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(recording.Topic).Replace("&#39;", "&#x27;", StringComparison.Ordinal)[..5], await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.PartialContent, stream.StatusCode);
        Assert.Equal(100, (await stream.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.NotFound, revokedPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, revokedStream.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, expiredPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        await using var check = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await check.AuditEntries.CountAsync(a => a.Action == "recordings.share.viewed" && a.TargetKind == "recording-share" && a.TargetId == live.ShareId.ToString()) >= 1);
        Assert.DoesNotContain(await check.AuditEntries.ToListAsync(), a => a.Values().Contains(live.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FileStreams_RangePastTheEnd_416WithTheFileLength()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var recording = (await ListAsync("teacher", seeded.TerryId, Today.AddDays(-90), Today))[2];
        var video = recording.Files.First(f => f.Kind == RecordingFileKind.Video);
        CreatedShare share;
        await using (var scope = RecordingsSandboxSeed.ScopeAs(factory, "teacher"))
        {
            share = (await scope.ServiceProvider.GetRequiredService<IRecordingShareService>().CreateAsync(seeded.ConnectionId, recording.MeetingUuid, 7)).Value!;
        }
        using var anonymous = factory.CreatePortalClient();
        using var teacher = factory.CreatePortalClient();
        await teacher.SignInAsync("teacher");
        using var sharedRequest = new HttpRequestMessage(HttpMethod.Get, $"shared/{share.Token}/files/{video.Id}");
        sharedRequest.Headers.Range = new RangeHeaderValue(999_999_999_999, null);
        using var staffRequest = new HttpRequestMessage(HttpMethod.Get, Relative(recording, video));
        staffRequest.Headers.Range = new RangeHeaderValue(999_999_999_999, null);

        // Act
        using var shared = await anonymous.Http.SendAsync(sharedRequest);
        using var staff = await teacher.Http.SendAsync(staffRequest);

        // Assert
        foreach (var response in new[] { shared, staff })
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
            Assert.Equal($"bytes */{video.Size}", response.Content.Headers.GetValues("Content-Range").Single());
        }
    }

    [Theory]
    [InlineData(500, 500, "Internal Server Error", HttpStatusCode.BadGateway)]
    [InlineData(503, 503, "Service Unavailable", HttpStatusCode.BadGateway)]
    [InlineData(400, 300, "Request refused", HttpStatusCode.BadGateway)]
    [InlineData(429, 429, "You have reached the maximum daily rate limit for this API.", HttpStatusCode.TooManyRequests)]
    [InlineData(404, 3301, "There is no recording for this meeting.", HttpStatusCode.NotFound)]
    public async Task SharedFileStream_ZoomDownloadFails_ClearStatus(int zoomStatus, int zoomCode, string zoomMessage, HttpStatusCode expected)
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var recording = (await ListAsync("teacher", seeded.TerryId, Today.AddDays(-90), Today))[3];
        var video = recording.Files.First(f => f.Kind == RecordingFileKind.Video);
        CreatedShare share;
        await using (var scope = RecordingsSandboxSeed.ScopeAs(factory, "teacher"))
        {
            share = (await scope.ServiceProvider.GetRequiredService<IRecordingShareService>().CreateAsync(seeded.ConnectionId, recording.MeetingUuid, 7)).Value!;
        }
        using var anonymous = factory.CreatePortalClient();
        using var warm = await anonymous.GetAsync(share.Path);
        Control.InjectError("GET", "/rec/download", zoomStatus, zoomCode, zoomMessage);

        // Act
        using var response = await anonymous.GetAsync($"/shared/{share.Token}/files/{video.Id}");

        // Assert
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.TooManyRequests, response.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task BulkDelete_OneRefusedByZoom_OthersInTrashFailureExplained()
    {
        // Arrange
        var seeded = await RecordingsSandboxSeed.EnsureAsync(factory);
        var tess = await ListAsync("director", seeded.TessId, Today.AddMonths(-7), Today.AddMonths(-4));
        var chosen = tess.Take(3).Select(r => new CleanupTarget(r.ConnectionId, r.MeetingUuid, r.Topic, r.TotalSize, r.StaffName)).ToList();
        Control.InjectError("DELETE", "/recordings", 400, 3303, "The meeting is in progress.", count: 1);
        await using var scope = RecordingsSandboxSeed.ScopeAs(factory, "director");
        var cleanup = scope.ServiceProvider.GetRequiredService<IRecordingCleanupService>();
        var recordings = scope.ServiceProvider.GetRequiredService<IRecordingService>();

        // Act
        var result = await cleanup.DeleteAsync(chosen, permanently: false);
        var trash = (await recordings.ListTrashAsync(seeded.TessId)).Value!;

        // Assert
        Assert.Equal(2, result.DeletedCount);
        var failed = Assert.Single(result.Outcomes, o => !o.Deleted);
        Assert.Contains("3303", failed.Error);
        Assert.Equal(chosen.Where(c => c != failed.Target).Sum(c => c.Size), result.FreedBytes);
        Assert.Equal(result.Outcomes.Where(o => o.Deleted).Select(o => o.Target.MeetingUuid).Order(),
            trash.Select(t => t.MeetingUuid).Intersect(chosen.Select(c => c.MeetingUuid)).Order());
        foreach (var t in trash)
        {
            await recordings.RecoverAsync(seeded.TessId, t.MeetingUuid);
        }
    }

    [Fact]
    public async Task SharedPage_TooManyRequests_429()
    {
        // Arrange
        await using var limited = new CustomPortalAppFactory(new Dictionary<string, string?> { ["Recordings:SharedPagePermitsPerMinute"] = "3" });
        using var anonymous = limited.CreatePortalClient();
        var statuses = new List<HttpStatusCode>();

        // Act
        for (var i = 0; i < 5; i++)
        {
            using var response = await anonymous.GetAsync("/shared/some-unknown-token");
            statuses.Add(response.StatusCode);
        }

        // Assert
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    private static string Relative(RecordingItem r, RecordingFileItem f) => Portal.Components.Pages.Recordings.RecordingsEndpoints.FileUrl(r, f).TrimStart('/');
}
