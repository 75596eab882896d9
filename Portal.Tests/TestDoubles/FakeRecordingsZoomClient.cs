using System.Net;
using System.Runtime.CompilerServices;
using Portal.Core.Zoom;

namespace Portal.Tests.TestDoubles;

/// <summary>In-memory cloud recordings (the <see cref="IZoomRecordings"/> side of Zoom).</summary>
public sealed class FakeRecordingsZoomClient : IZoomRecordings
{
    private readonly Lock _lock = new();
    private int _inFlight;

    public List<ZoomRecordingMeeting> Meetings { get; } = [];
    public HashSet<string> Trashed { get; } = [];
    public HashSet<string> PermanentlyDeleted { get; } = [];
    public HashSet<string> FailDeletes { get; } = [];
    public List<(DateOnly From, DateOnly To)> Windows { get; } = [];
    public int MaxConcurrentWindows { get; private set; }
    public TimeSpan WindowDelay { get; set; } = TimeSpan.FromMilliseconds(20);
    public int GetMeetingCalls { get; private set; }

    /// <summary>The users whose recordings were listed, once per listing.</summary>
    public List<string> ListedUsers { get; } = [];

    public static ZoomRecordingMeeting Meeting(string uuid, long id, string hostId, string topic, DateTimeOffset start, long videoSize = 50_000_000) =>
        new(uuid, id, hostId, topic, start, 45, videoSize + 5_000_000, 2, null,
        [
            new ZoomRecordingFile($"{uuid}-mp4", uuid, "MP4", "MP4", videoSize, start, start.AddMinutes(45), null, $"https://zoom.test/rec/download/{uuid}-mp4", "completed", "shared_screen_with_speaker_view"),
            new ZoomRecordingFile($"{uuid}-m4a", uuid, "M4A", "M4A", 5_000_000, start, start.AddMinutes(45), null, $"https://zoom.test/rec/download/{uuid}-m4a", "completed", "audio_only"),
        ]);

    public async Task<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsWindowAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to.DayNumber - from.DayNumber > 31)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "More than one month.");
        }
        lock (_lock)
        {
            Windows.Add((from, to));
            _inFlight++;
            MaxConcurrentWindows = Math.Max(MaxConcurrentWindows, _inFlight);
        }
        try
        {
            await Task.Delay(WindowDelay, ct);
            lock (_lock)
            {
                return Meetings.Where(m => m.HostId == userId && !Trashed.Contains(m.Uuid) && !PermanentlyDeleted.Contains(m.Uuid)
                    && DateOnly.FromDateTime(m.StartTime.UtcDateTime) >= from && DateOnly.FromDateTime(m.StartTime.UtcDateTime) <= to).ToList();
            }
        }
        finally
        {
            lock (_lock)
            {
                _inFlight--;
            }
        }
    }

    public async IAsyncEnumerable<IReadOnlyList<ZoomRecordingMeeting>> ListUserRecordingsAsync(ZoomTarget target, string userId, DateOnly from, DateOnly to,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        lock (_lock)
        {
            ListedUsers.Add(userId);
        }
        foreach (var (f, t) in Portal.Core.Features.Recordings.RecordingWindows.Split(from, to))
        {
            yield return await ListUserRecordingsWindowAsync(target, userId, f, t, ct);
        }
    }

    public Task<IReadOnlyList<ZoomRecordingMeeting>> ListTrashAsync(ZoomTarget target, string userId, CancellationToken ct = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ZoomRecordingMeeting>>(Meetings.Where(m => m.HostId == userId && Trashed.Contains(m.Uuid)).ToList());
        }
    }

    public Task<ZoomRecordingMeeting?> GetMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, CancellationToken ct = default)
    {
        lock (_lock)
        {
            GetMeetingCalls++;
            return Task.FromResult(Meetings.FirstOrDefault(m => (m.Uuid == meetingIdOrUuid || m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == meetingIdOrUuid)
                && !Trashed.Contains(m.Uuid) && !PermanentlyDeleted.Contains(m.Uuid)));
        }
    }

    public Task DeleteMeetingRecordingsAsync(ZoomTarget target, string meetingIdOrUuid, bool permanently, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (FailDeletes.Contains(meetingIdOrUuid))
            {
                throw new ZoomApiException(HttpStatusCode.BadRequest, 3303, "The meeting is still in progress.");
            }
            if (!Meetings.Any(m => m.Uuid == meetingIdOrUuid) || PermanentlyDeleted.Contains(meetingIdOrUuid))
            {
                throw new ZoomApiException(HttpStatusCode.NotFound, ZoomErrorCodes.NoRecording, "There is no recording for this meeting.");
            }
            (permanently ? PermanentlyDeleted : Trashed).Add(meetingIdOrUuid);
        }
        return Task.CompletedTask;
    }

    public Task RecoverMeetingRecordingsAsync(ZoomTarget target, string meetingUuid, CancellationToken ct = default)
    {
        lock (_lock)
        {
            Trashed.Remove(meetingUuid);
        }
        return Task.CompletedTask;
    }

    public Task<ZoomDownload> DownloadAsync(ZoomTarget target, string downloadUrl, long? rangeFrom = null, long? rangeTo = null, CancellationToken ct = default)
    {
        var content = System.Text.Encoding.ASCII.GetBytes("0123456789ABCDEFGHIJ" + downloadUrl);
        if (rangeFrom is { } from)
        {
            var to = Math.Min(rangeTo ?? content.Length - 1, content.Length - 1);
            var slice = content[(int)from..((int)to + 1)];
            return Task.FromResult(new ZoomDownload(new MemoryStream(slice), "video/mp4", slice.Length, $"bytes {from}-{to}/{content.Length}", true, null));
        }
        return Task.FromResult(new ZoomDownload(new MemoryStream(content), "video/mp4", content.Length, null, false, null));
    }

    public Task DeleteRecordingFileAsync(ZoomTarget target, string meetingUuid, string recordingFileId, bool permanently, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var index = Meetings.FindIndex(m => m.Uuid == meetingUuid);
            if (index < 0 || Meetings[index].Files.All(f => f.Id != recordingFileId))
            {
                throw new ZoomApiException(HttpStatusCode.NotFound, ZoomErrorCodes.NoRecording, "There is no recording for this meeting.");
            }
            var files = Meetings[index].Files.Where(f => f.Id != recordingFileId).ToList();
            Meetings[index] = Meetings[index] with { Files = files, RecordingCount = files.Count, TotalSize = files.Sum(f => f.FileSize) };
        }
        return Task.CompletedTask;
    }
}
