using Portal.Core.Zoom;
using Portal.Tests.Zoom.Contract;

namespace Portal.Tests.Zoom;

/// <summary>
/// Every operation of the client, once, with its requests checked against Zoom's specs. (Every other client test
/// checks its own requests too, when its <see cref="ZoomClientHarness"/> is disposed.)
/// </summary>
public class ZoomClientContractTests(ZoomSandboxHost sandbox) : IClassFixture<ZoomSandboxHost>
{
    private const string Terry = "terry.teacher@" + ZoomSandboxHost.Domain;

    [Fact]
    public async Task ClientRequests_EveryOperation_MatchZoomSpecs()
    {
        sandbox.Control.Reset();
        var zoom = sandbox.CreateClient(linkStore: new InMemoryLinkTokenStore());
        var target = ZoomSandboxHost.S2S();
        var today = DateOnly.FromDateTime(sandbox.Clock.GetUtcNow().UtcDateTime);

        await zoom.OAuth.GetTokenInfoAsync(target);
        await foreach (var _ in zoom.Users.ListUsersAsync(target, ZoomUserStatus.Pending))
        {
        }
        await zoom.Users.GetUserAsync(target, Terry);
        var created = await zoom.Users.CreateUserAsync(target, new ZoomNewUser("contract.check@" + ZoomSandboxHost.Domain, ZoomUserType.Basic, "Contract", "Check"));
        await zoom.Users.UpdateUserTypeAsync(target, "bea.basic@" + ZoomSandboxHost.Domain, ZoomUserType.Licensed);
        await zoom.Users.GetUserSettingsAsync(target, Terry);
        await zoom.Users.UpdateUserSettingsAsync(target, Terry, new ZoomUserSettingsUpdate(true, true));
        await zoom.Users.GetUsersSummaryAsync(target);
        await zoom.Account.GetAccountUsageAsync(target);
        await zoom.Account.GetCloudRecordingStorageReportAsync(target, today.AddDays(-10), today.AddDays(-1));
        // 27 days back is within one month on every day (30 days back is not after February).
        var recordings = await zoom.Recordings.ListUserRecordingsWindowAsync(target, Terry, today.AddDays(-27), today);
        await zoom.Recordings.ListTrashAsync(target, Terry);
        var uuid = sandbox.Control.RecordingUuids(ZoomSandboxHost.Account1, Terry).First(u => u.StartsWith('/') || u.Contains("//", StringComparison.Ordinal));
        var meeting = await zoom.Recordings.GetMeetingRecordingsAsync(target, uuid);
        await using (var download = await zoom.Recordings.DownloadAsync(target, meeting!.Files[0].DownloadUrl!, 0, 9))
        {
        }
        await zoom.Recordings.DeleteRecordingFileAsync(target, uuid, meeting.Files[0].Id, permanently: false);
        await zoom.Recordings.DeleteMeetingRecordingsAsync(target, uuid, permanently: false);
        await zoom.Recordings.RecoverMeetingRecordingsAsync(target, uuid);
        var session = await zoom.Meetings.CreateMeetingAsync(target, Terry, new ZoomMeetingRequest("Contract", sandbox.Clock.GetUtcNow().AddDays(1), 30, "UTC", "Agenda", "pw1234",
            new ZoomMeetingSettings(true, false, "cloud", true)));
        await zoom.Meetings.GetMeetingAsync(target, session.Id);
        await zoom.Meetings.UpdateMeetingAsync(target, session.Id, new ZoomMeetingUpdate("Contract 2", sandbox.Clock.GetUtcNow().AddDays(2), 45, "UTC", "New agenda", "tess.tutor@" + ZoomSandboxHost.Domain));
        await zoom.Meetings.ListUpcomingMeetingsAsync(target, Terry);
        await zoom.PastMeetings.GetPastMeetingAsync(target, session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        for (var run = 0; run < 2; run++)
        {
            await sandbox.Control.HostStartsAsync(session.Id);
            await zoom.PastMeetings.GetMeetingStatusAsync(target, session.Id);
            await sandbox.Control.ParticipantJoinsAsync(session.Id, "Chris Client");
            await sandbox.Control.EndMeetingAsync(session.Id);
        }
        var past = await zoom.PastMeetings.GetPastMeetingAsync(target, session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var instances = await zoom.PastMeetings.ListPastInstancesAsync(target, session.Id);
        var participants = await zoom.PastMeetings.ListPastParticipantsAsync(target, instances[0].Uuid);
        await zoom.Meetings.DeleteMeetingAsync(target, session.Id);
        var authorize = zoom.OAuth.BuildAuthorizeUrl("s", "challenge");
        await zoom.OAuth.RevokeAsync("sbx_not_a_real_token");

        var requests = zoom.Requests.All;
        var problems = ZoomClientHarness.ContractProblems(requests.Append(new RecordedRequest("GET", authorize, null, null, false, null)));
        await zoom.DisposeAsync();

        Assert.Empty(problems);
        // The check itself can fail: an unknown query parameter and an unknown path are reported.
        Assert.NotEmpty(ZoomClientHarness.ContractProblems([new RecordedRequest("GET", new Uri(sandbox.BaseUrl + "/v2/users?bogus=1"), null, null, true, null)]));
        Assert.NotEmpty(ZoomClientHarness.ContractProblems([new RecordedRequest("GET", new Uri(sandbox.BaseUrl + "/v2/no/such/thing"), null, null, true, null)]));
        Assert.NotNull(created.Email);
        Assert.NotNull(recordings);
        Assert.Equal(2, past!.ParticipantsCount);
        Assert.Equal(2, instances.Count);
        Assert.Equal(2, participants.Count);
        var operations = requests.Select(r => r.Method + " " + r.Uri.AbsolutePath).ToList();
        Assert.Contains(operations, o => o.StartsWith("DELETE /v2/meetings/", StringComparison.Ordinal));
        Assert.Contains(operations, o => o.StartsWith("PUT /v2/meetings/", StringComparison.Ordinal));
        Assert.Contains(operations, o => o == "POST /oauth/revoke");
        Assert.Contains(operations, o => o.EndsWith("/participants", StringComparison.Ordinal));
        Assert.True(ZoomOpenApiContract.Instance.OperationCount > 0);
    }
}
