using System.Net;
using System.Web;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Zoom;

/// <summary>Recordings, downloads and meetings through the client against the sandbox over real HTTP.</summary>
public class ZoomClientRecordingAndMeetingTests(ZoomSandboxHost sandbox) : IClassFixture<ZoomSandboxHost>, IAsyncLifetime
{
    private const string Terry = "terry.teacher@" + ZoomSandboxHost.Domain;
    private const string Tess = "tess.tutor@" + ZoomSandboxHost.Domain;

    public Task InitializeAsync()
    {
        sandbox.Control.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private DateOnly Today => sandbox.Today;

    private async Task<List<ZoomRecordingMeeting>> AllRecordingsAsync(IZoomRecordings client, ZoomTarget target, string user)
    {
        var all = new List<ZoomRecordingMeeting>();
        await foreach (var window in client.ListUserRecordingsAsync(target, user, Today.AddMonths(-7), Today))
        {
            all.AddRange(window);
        }
        return all;
    }

    [Fact]
    public async Task ListUserRecordingsAsync_SevenMonths_OneRequestPerMonthWindowWithUtcDates()
    {
        await using var zoom = sandbox.CreateClient();

        var meetings = await AllRecordingsAsync(zoom.Recordings, ZoomSandboxHost.S2S(), Terry);

        Assert.Equal(sandbox.Control.RecordingUuids(ZoomSandboxHost.Account1, Terry).Order(), meetings.Select(m => m.Uuid).Order());
        Assert.All(meetings, m => Assert.NotEmpty(m.Files));
        var requests = zoom.Requests.All.Where(r => r.Uri.AbsolutePath.EndsWith("/recordings", StringComparison.Ordinal)).ToList();
        Assert.Equal(ZoomMonthWindows.Split(Today.AddMonths(-7), Today).Count, requests.Count);
        Assert.All(requests, r =>
        {
            var q = HttpUtility.ParseQueryString(r.Uri.Query);
            var from = DateOnly.ParseExact(q["from"]!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var to = DateOnly.ParseExact(q["to"]!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(ZoomMonthWindows.IsWithinOneMonth(from, to));
            Assert.Equal("300", q["page_size"]);
        });
    }

    [Fact]
    public async Task ListUserRecordingsWindowAsync_OverOneMonth_IsRefusedBeforeCallingZoom()
    {
        await using var zoom = sandbox.CreateClient();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            zoom.Recordings.ListUserRecordingsWindowAsync(ZoomSandboxHost.S2S(), Terry, Today.AddMonths(-2), Today));

        Assert.Empty(zoom.Requests.All);
    }

    [Fact]
    public async Task GetMeetingRecordingsAsync_UuidWithSlashes_IsDoubleEncodedAndFound()
    {
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();
        var uuids = sandbox.Control.RecordingUuids(ZoomSandboxHost.Account1, Terry);
        var slashed = uuids.First(u => u.StartsWith('/') || u.Contains("//", StringComparison.Ordinal));
        var plain = uuids.First(u => !u.StartsWith('/') && !u.Contains("//", StringComparison.Ordinal) && (u.Contains('=') || u.Contains('+') || u.Contains('/')));

        var slashedMeeting = await zoom.Recordings.GetMeetingRecordingsAsync(target, slashed);
        var plainMeeting = await zoom.Recordings.GetMeetingRecordingsAsync(target, plain);

        Assert.Equal(slashed, slashedMeeting?.Uuid);
        Assert.Equal(plain, plainMeeting?.Uuid);
        var sent = zoom.Requests.All.Where(r => r.Uri.AbsolutePath.StartsWith("/v2/meetings/", StringComparison.Ordinal)).Select(r => r.Uri.AbsoluteUri).ToList();
        Assert.Contains(sent, u => u.Contains("/meetings/" + Uri.EscapeDataString(Uri.EscapeDataString(slashed)) + "/recordings", StringComparison.Ordinal));
        Assert.Contains(sent, u => u.Contains("/meetings/" + Uri.EscapeDataString(plain) + "/recordings", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetMeetingRecordingsAsync_NoRecording_ReturnsNull()
    {
        await using var zoom = sandbox.CreateClient();

        Assert.Null(await zoom.Recordings.GetMeetingRecordingsAsync(ZoomSandboxHost.S2S(), "NoSuchMeetingUuid0000=="));
    }

    [Fact]
    public async Task GetMeetingRecordingsAsync_Http200WithErrorCode_ThrowsApiException()
    {
        sandbox.Control.InjectError("GET", "/recordings", 200, 200, "You do not have the right permissions");
        await using var zoom = sandbox.CreateClient();
        var uuid = sandbox.Control.RecordingUuids(ZoomSandboxHost.Account1, Terry)[0];

        var ex = await Assert.ThrowsAsync<ZoomApiException>(() => zoom.Recordings.GetMeetingRecordingsAsync(ZoomSandboxHost.S2S(), uuid));

        Assert.Equal(HttpStatusCode.OK, ex.Status);
        Assert.Equal(ZoomErrorCodes.NoPermission, ex.Code);
    }

    [Fact]
    public async Task DownloadAsync_ThroughRedirect_SendsTokenOnlyToZoomAndSupportsRange()
    {
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();
        var meeting = await zoom.Recordings.GetMeetingRecordingsAsync(target, sandbox.Control.RecordingUuids(ZoomSandboxHost.Account1, Terry)[0]);
        var file = meeting!.Files.First(f => f.DownloadUrl is not null && f.FileSize > 200);
        var token = (await zoom.OAuth.GetTokenInfoAsync(target)).ExpiresAt;

        byte[] part;
        await using (var partial = await zoom.Recordings.DownloadAsync(target, file.DownloadUrl!, 100, 199))
        {
            using var buffer = new MemoryStream();
            await partial.Content.CopyToAsync(buffer);
            part = buffer.ToArray();
            Assert.True(partial.Partial);
            Assert.Equal($"bytes 100-199/{file.FileSize}", partial.ContentRange);
        }
        byte[] whole;
        await using (var full = await zoom.Recordings.DownloadAsync(target, file.DownloadUrl!))
        {
            using var buffer = new MemoryStream();
            await full.Content.CopyToAsync(buffer);
            whole = buffer.ToArray();
            Assert.False(full.Partial);
            Assert.False(string.IsNullOrEmpty(full.FileName));
        }

        Assert.Equal(100, part.Length);
        Assert.Equal(file.FileSize, whole.Length);
        Assert.Equal(whole.Skip(100).Take(100), part);
        var hops = zoom.Requests.All.Where(r => r.Uri.AbsolutePath.StartsWith("/rec/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, hops.Count);
        Assert.All(hops.Where(h => h.Uri.AbsolutePath.StartsWith("/rec/download/", StringComparison.Ordinal)), h => Assert.True(h.HadAuthorization));
        Assert.All(hops.Where(h => h.Uri.AbsolutePath.StartsWith("/rec/storage/", StringComparison.Ordinal)), h => Assert.False(h.HadAuthorization));
        Assert.Equal(2, hops.Count(h => h.Range == "bytes=100-199"));
        Assert.All(zoom.Requests.All, r => Assert.DoesNotContain("access_token", r.Uri.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadAsync_NonZoomHost_IsRefusedWithoutSendingTheToken()
    {
        await using var zoom = sandbox.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => zoom.Recordings.DownloadAsync(ZoomSandboxHost.S2S(), "https://evil.example.com/rec/download/x"));

        Assert.DoesNotContain(zoom.Requests.All, r => r.Uri.Host == "evil.example.com");
    }

    [Fact]
    public async Task DeleteToTrash_ThenRecover_ThenDeletePermanently()
    {
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();
        var uuid = sandbox.Control.RecordingUuids(ZoomSandboxHost.Account1, Terry)[0];

        await zoom.Recordings.DeleteMeetingRecordingsAsync(target, uuid, permanently: false);
        var trash = await zoom.Recordings.ListTrashAsync(target, Terry);
        await zoom.Recordings.RecoverMeetingRecordingsAsync(target, uuid);
        var trashAfterRecover = await zoom.Recordings.ListTrashAsync(target, Terry);
        await zoom.Recordings.DeleteMeetingRecordingsAsync(target, uuid, permanently: true);

        Assert.Contains(trash, m => m.Uuid == uuid);
        Assert.DoesNotContain(trashAfterRecover, m => m.Uuid == uuid);
        Assert.Null(await zoom.Recordings.GetMeetingRecordingsAsync(target, uuid));
    }

    [Fact]
    public async Task DeleteRecordingFileAsync_OneFile_LeavesTheOthers()
    {
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();
        var uuid = sandbox.Control.RecordingUuids(ZoomSandboxHost.Account1, Terry)[0];
        var before = await zoom.Recordings.GetMeetingRecordingsAsync(target, uuid);

        await zoom.Recordings.DeleteRecordingFileAsync(target, uuid, before!.Files[0].Id, permanently: false);
        var after = await zoom.Recordings.GetMeetingRecordingsAsync(target, uuid);

        Assert.Equal(before.Files.Count - 1, after?.Files.Count ?? 0);
    }

    [Fact]
    public async Task Meeting_CreateGetUpdateListDelete_RoundTrips()
    {
        await using var zoom = sandbox.CreateClient();
        var target = ZoomSandboxHost.S2S();
        var start = new DateTimeOffset(sandbox.Clock.GetUtcNow().UtcDateTime.Date.AddDays(2).AddHours(10), TimeSpan.Zero);
        var request = new ZoomMeetingRequest("Essay review", start, 45, "UTC", "Bring a draft", "abc123",
            new ZoomMeetingSettings(WaitingRoom: true, JoinBeforeHost: false, AutoRecording: "cloud"));

        var created = await zoom.Meetings.CreateMeetingAsync(target, Terry, request);
        var fetched = await zoom.Meetings.GetMeetingAsync(target, created.Id);
        var upcoming = await zoom.Meetings.ListUpcomingMeetingsAsync(target, Terry);
        await zoom.Meetings.UpdateMeetingAsync(target, created.Id, new ZoomMeetingUpdate(Topic: "Essay review (moved)", ScheduleFor: Tess));
        var updated = await zoom.Meetings.GetMeetingAsync(target, created.Id);
        var deleted = await zoom.Meetings.DeleteMeetingAsync(target, created.Id);
        var deletedAgain = await zoom.Meetings.DeleteMeetingAsync(target, created.Id);

        Assert.True(created.Id > 0);
        Assert.False(string.IsNullOrEmpty(fetched?.StartUrl));
        Assert.Equal(start, fetched!.StartTime);
        Assert.Contains(upcoming, m => m.Id == created.Id);
        Assert.Equal("Essay review (moved)", updated?.Topic);
        Assert.Equal(Tess, updated?.HostEmail);
        Assert.True(deleted);
        Assert.False(deletedAgain);
        Assert.Null(await zoom.Meetings.GetMeetingAsync(target, created.Id));
        Assert.DoesNotContain("zak=", created.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public async Task CreateMeetingAsync_PerHostDailyLimit_IsDailyUntilUtcMidnightAndNotRetried(DateTimeOffset now)
    {
        // Arrange: Zoom (the sandbox) and the portal's client on one clock that starts at the instant and keeps running.
        using var running = new RunningFakeClock(now);
        await using var host = await ZoomSandboxHost.StartAtAsync(running.Clock);
        host.Control.MeetingWritesPerHostPerDay = 1;
        await using var zoom = host.CreateClient();
        var target = ZoomSandboxHost.S2S();
        var request = new ZoomMeetingRequest("Session", now.AddDays(1), 30, "UTC", null, null, new ZoomMeetingSettings(true, false, "none"));
        await zoom.Meetings.CreateMeetingAsync(target, Tess, request);

        // Act
        var ex = await Assert.ThrowsAsync<ZoomRateLimitException>(() => zoom.Meetings.CreateMeetingAsync(target, Tess, request));

        // Assert
        Assert.True(ex.Daily);
        Assert.Equal(new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero), ex.ResetsAt);
        Assert.Equal(2, host.Control.RequestCount("POST", "/users/{userId}/meetings"));
    }

    [Fact]
    public async Task CreateMeetingAsync_WithoutMeetingWriteScope_ThrowsScopeException()
    {
        await using var zoom = sandbox.CreateClient();
        var noScope = ZoomSandboxHost.S2S("sandbox-noscope-client", "sandbox-noscope-secret");
        var request = new ZoomMeetingRequest("Session", sandbox.Clock.GetUtcNow().AddDays(1), 30, "UTC", null, null, new ZoomMeetingSettings(true, false, "none"));

        var ex = await Assert.ThrowsAsync<ZoomScopeException>(() => zoom.Meetings.CreateMeetingAsync(noScope, Terry, request));

        Assert.Contains("meeting:write:meeting:admin", ex.MissingScopes);
    }

    [Fact]
    public async Task CreateMeetingAsync_UnknownHost_ThrowsApiException1001()
    {
        await using var zoom = sandbox.CreateClient();
        var request = new ZoomMeetingRequest("Session", sandbox.Clock.GetUtcNow().AddDays(1), 30, "UTC", null, null, new ZoomMeetingSettings(true, false, "none"));

        var ex = await Assert.ThrowsAsync<ZoomApiException>(() =>
            zoom.Meetings.CreateMeetingAsync(ZoomSandboxHost.S2S(), "nina.notinzoom@" + ZoomSandboxHost.Domain, request));

        Assert.Equal(ZoomErrorCodes.UserNotFound, ex.Code);
        Assert.True(ex.IsNotFound);
    }
}
