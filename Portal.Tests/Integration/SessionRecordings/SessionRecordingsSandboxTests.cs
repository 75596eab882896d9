using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.SessionRecordings;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;
using static Portal.Tests.Integration.SessionRecordings.SessionRecordingsSandbox;

namespace Portal.Tests.Integration.SessionRecordings;

/// <summary>A session's recording from the sandbox's recording.completed to the client's stream, through the running portal.</summary>
public sealed class SessionRecordingsSandboxTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private ZoomSandboxControl Control => factory.Services.GetRequiredService<ZoomSandboxControl>();

    /// <summary>Signed out: no cookies, no redirects followed.</summary>
    private HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(factory.BaseUrl) };

    private async Task<(ScheduledSession Session, string Uuid, SessionRecording Tie)> RecordedAndTiedAsync(string topic)
    {
        var session = await ScheduleAsync(factory, topic);
        var uuid = Record(factory, session);
        var url = await WebhookUrlAsync(factory, session.ConnectionId);
        var sent = await Control.SendRecordingCompletedAsync(url, WebhookSecret, uuid);
        Assert.Equal(200, sent.StatusCode);
        var tie = await WaitForTieAsync(factory, session.Id, uuid);
        Assert.NotNull(tie);
        return (session, uuid, tie);
    }

    private async Task<PublishResult> PublishAsync(long sessionId, TimeSpan? duration = null)
    {
        var (publishing, scope) = AsDirector<SessionRecordingService>(factory);
        using (scope)
        {
            return await publishing.PublishAsync(sessionId, duration);
        }
    }

    private async Task<HttpResponseMessage> GetFileAsync(string token, string fileId, long? from = null, long? to = null)
    {
        using var http = Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/join/{token}/recording/{fileId}");
        if (from is not null)
        {
            request.Headers.Range = new RangeHeaderValue(from, to);
        }
        return await http.SendAsync(request);
    }

    private async Task<IReadOnlyList<string>> AuditActionsAsync(long sessionId)
    {
        await using var db = await Db(factory);
        var id = sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await db.AuditEntries.AsNoTracking().Where(a => a.TargetKind == "session" && a.TargetId == id).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    [Fact]
    public async Task RecordingCompleted_SignedWebhookFromTheSandbox_TiesTheRecordingToItsSession()
    {
        // Act
        var (session, uuid, tie) = await RecordedAndTiedAsync("Tied by webhook");

        // Assert
        Assert.Equal(session.MeetingId, tie.MeetingId);
        Assert.Equal(uuid, tie.MeetingUuid);
        Assert.Equal(SessionRecordingState.Available, tie.State);
        Assert.Equal("MP4", tie.PlayFileType);
        Assert.Equal(3, tie.FileCount);
        Assert.Equal(40, tie.DurationMinutes);
        Assert.Contains(SessionRecordingAuditActions.Tied, await AuditActionsAsync(session.Id));
    }

    [Fact]
    public async Task RecordingCompleted_ConnectionPublishesAutomatically_PublishedForTheDefaultTime()
    {
        // Arrange: its own connection, so the other tests' recordings stay unpublished
        await using var portal = new CustomPortalAppFactory(new Dictionary<string, string?> { ["Sessions:RecordingPublishDefault"] = "3.00:00:00" });
        var session = await ScheduleAsync(portal, "Published automatically");
        var (autoPublish, scope) = AsDirector<RecordingAutoPublish>(portal);
        using (scope)
        {
            await autoPublish.SetAsync(session.ConnectionId, true);
        }
        var uuid = Record(portal, session);
        var before = portal.Clock.GetUtcNow();

        // Act
        var sent = await portal.Services.GetRequiredService<ZoomSandboxControl>()
            .SendRecordingCompletedAsync(await WebhookUrlAsync(portal, session.ConnectionId), WebhookSecret, uuid);
        var tie = await WaitForTieAsync(portal, session.Id, uuid);

        // Assert
        Assert.Equal(200, sent.StatusCode);
        Assert.NotNull(tie);
        await using var db = await Db(portal);
        var until = await db.Sessions.Where(s => s.Id == session.Id).Select(s => s.RecordingPublishedUntil).SingleAsync();
        Assert.InRange(until!.Value, before.AddDays(3), portal.Clock.GetUtcNow().AddDays(3));
        var actions = await db.AuditEntries.AsNoTracking().Select(a => a.Action).ToListAsync();
        Assert.Contains(SessionRecordingAuditActions.AutoPublishChanged, actions);
        Assert.Contains(SessionRecordingAuditActions.Published, actions);
    }

    [Fact]
    public async Task ListForSession_RecordedWithoutAnyWebhook_TiedByTheListing()
    {
        // Arrange
        var session = await ScheduleAsync(factory, "Tied by listing");
        var uuid = Record(factory, session);

        // Act
        var (recordings, scope) = AsDirector<RecordingService>(factory);
        using (scope)
        {
            var listed = await recordings.ListForSessionAsync(session.Id);
            Assert.Null(listed.Refusal);
        }

        // Assert
        await using var db = await Db(factory);
        var tie = await db.Set<SessionRecording>().AsNoTracking().SingleAsync(r => r.SessionId == session.Id);
        Assert.Equal(uuid, tie.MeetingUuid);
        Assert.NotNull(tie.PlayFileId);
    }

    [Fact]
    public async Task ClientEndpoint_Published_StreamsTheRangeThroughThePortalSignedOut()
    {
        // Arrange
        var (session, _, tie) = await RecordedAndTiedAsync("Published and streamed");
        var published = await PublishAsync(session.Id, TimeSpan.FromDays(3));

        // Act
        using var whole = await GetFileAsync(session.Token, tie.PlayFileId!);
        var length = whole.Content.Headers.ContentLength!.Value;
        using var part = await GetFileAsync(session.Token, tie.PlayFileId!, 100, 199);
        var partBytes = await part.Content.ReadAsByteArrayAsync();
        var wholeBytes = await whole.Content.ReadAsByteArrayAsync();

        // Assert
        Assert.True(published.Succeeded, published.Message);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("video/mp4", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal($"bytes 100-199/{length}", part.Content.Headers.ContentRange?.ToString());
        Assert.Equal(wholeBytes[100..200], partBytes);
        Assert.Null(part.Headers.Location);
        // The security policy names Zoom's sign-in origin for the "Link a Zoom account" form; no other header may point at Zoom.
        var headers = string.Join("\n", whole.Headers.Concat(whole.Content.Headers)
            .Where(h => h.Key != "Content-Security-Policy").Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        Assert.DoesNotContain("zoom", headers, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("/rec/", headers, StringComparison.Ordinal);
        var actions = await AuditActionsAsync(session.Id);
        Assert.Contains(SessionRecordingAuditActions.Published, actions);
        Assert.Contains(SessionRecordingAuditActions.Streamed, actions);
    }

    [Fact]
    public async Task ClientEndpoint_ClientSeeksThroughTheRecording_EveryRangeServedNotRateLimitedLikeTheJoinPage()
    {
        // Arrange: a player asks for many ranges while the client seeks; the join page allows 20 requests a minute
        var (session, _, tie) = await RecordedAndTiedAsync("Seeking through it");
        await PublishAsync(session.Id, TimeSpan.FromDays(3));

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var part = await GetFileAsync(session.Token, tie.PlayFileId!, i * 10, i * 10 + 9);
            statuses.Add(part.StatusCode);
        }

        // Assert
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.PartialContent, s));
    }

    [Fact]
    public async Task ClientEndpoint_NeverPublishedOrUnknownToken_NotFound()
    {
        // Arrange
        var (session, _, tie) = await RecordedAndTiedAsync("Never published");

        // Act
        using var notPublished = await GetFileAsync(session.Token, tie.PlayFileId!);
        using var unknown = await GetFileAsync("not-a-token", tie.PlayFileId!);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, notPublished.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task ClientEndpoint_Unpublished_GoneAtOnceAndAudited()
    {
        // Arrange
        var (session, _, tie) = await RecordedAndTiedAsync("Unpublished");
        await PublishAsync(session.Id);
        using var before = await GetFileAsync(session.Token, tie.PlayFileId!, 0, 9);

        // Act
        var (publishing, scope) = AsDirector<SessionRecordingService>(factory);
        using (scope)
        {
            Assert.True((await publishing.UnpublishAsync(session.Id)).Succeeded);
        }
        using var after = await GetFileAsync(session.Token, tie.PlayFileId!, 0, 9);

        // Assert
        Assert.Equal(HttpStatusCode.PartialContent, before.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
        Assert.Contains(SessionRecordingAuditActions.Unpublished, await AuditActionsAsync(session.Id));
    }

    [Fact]
    public async Task ClientEndpoint_PublicationTimeOver_GoneAtOnce()
    {
        // Arrange: published for two seconds
        var (session, _, tie) = await RecordedAndTiedAsync("Expired");
        await PublishAsync(session.Id, TimeSpan.FromSeconds(2));
        await using (var db = await Db(factory))
        {
            var until = await db.Sessions.Where(s => s.Id == session.Id).Select(s => s.RecordingPublishedUntil).SingleAsync();
            Assert.NotNull(until);
        }

        // Act
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var after = await GetFileAsync(session.Token, tie.PlayFileId!, 0, 9);

        // Assert
        Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
    }

    [Fact]
    public async Task ClientEndpoint_DeletedInZoom_GoneAtOnceAndTheTieMarkedDeleted()
    {
        // Arrange
        var (session, uuid, tie) = await RecordedAndTiedAsync("Deleted in Zoom");
        await PublishAsync(session.Id);
        using var before = await GetFileAsync(session.Token, tie.PlayFileId!, 0, 9);

        // Act
        Assert.True(Control.DeleteRecording(uuid));
        using var after = await GetFileAsync(session.Token, tie.PlayFileId!, 0, 9);

        // Assert
        Assert.Equal(HttpStatusCode.PartialContent, before.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
        await using var db = await Db(factory);
        Assert.Equal(SessionRecordingState.Deleted, (await db.Set<SessionRecording>().AsNoTracking().SingleAsync(r => r.Id == tie.Id)).State);
        Assert.Contains(SessionRecordingAuditActions.GoneInZoom, await AuditActionsAsync(session.Id));
    }
}
