using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Identity;
using Portal.Tests.Integration.Sessions;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Integration.SessionRecordings;

/// <summary>The sandbox plays along: a meeting set to record in the cloud sends recording.completed when its host ends it.</summary>
public sealed class SandboxCloudRecordingTests
{
    [Fact]
    public async Task EndMeeting_SessionRecordedInTheCloud_RecordingCompletedTiesItToTheSession()
    {
        // Arrange: sessions record in the cloud; the sandbox account's events go to the portal
        await using var factory = new CustomPortalAppFactory(new Dictionary<string, string?> { ["Sessions:Defaults:AutoRecording"] = "cloud" });
        var seed = await SessionsSandboxSeed.EnsureAsync(factory);
        await SessionRecordingsSandbox.WebhookUrlAsync(factory, seed.ConnectionId);
        long id;
        var (service, scope) = SessionsSandboxSeed.ServiceAs(factory, Roles.Director, SessionsSandboxSeed.Dana);
        using (scope)
        {
            var scheduled = await service.ScheduleAsync(SessionsSandboxSeed.Request(
                seed.StaffIds[SessionsSandboxSeed.Terry], "Recorded in the cloud", factory.Clock.GetUtcNow().AddHours(2), 30));
            Assert.True(scheduled.Succeeded, scheduled.Message);
            id = scheduled.SessionId!.Value;
        }
        long meetingId;
        await using (var db = await SessionRecordingsSandbox.Db(factory))
        {
            meetingId = await db.Sessions.Where(s => s.Id == id).Select(s => s.ZoomMeetingId).SingleAsync();
        }
        var control = factory.Services.GetRequiredService<ZoomSandboxControl>();

        // Act: the meeting happens and its host ends it
        await control.HostStartsAsync(meetingId);
        await control.ParticipantJoinsAsync(meetingId, "Chris Client");
        await control.EndMeetingAsync(meetingId);
        SessionRecording? tie = null;
        for (var i = 0; i < 100 && tie is null; i++)
        {
            await using var db = await SessionRecordingsSandbox.Db(factory);
            tie = await db.Set<SessionRecording>().AsNoTracking().FirstOrDefaultAsync(r => r.SessionId == id);
            if (tie is null)
            {
                await Task.Delay(200);
            }
        }

        // Assert
        Assert.NotNull(tie);
        Assert.Contains(("recording.completed", 200), control.MeetingWebhooksSent);
    }
}
