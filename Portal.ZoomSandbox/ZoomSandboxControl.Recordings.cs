using System.Globalization;
using System.Text.Json;

namespace Portal.ZoomSandbox;

/// <summary>Recordings of meetings created through the API, and the <c>recording.completed</c> event Zoom sends for them.</summary>
public sealed partial class ZoomSandboxControl
{
    private static readonly Lazy<byte[]> s_sampleVideo = new(() =>
    {
        using var stream = typeof(ZoomSandboxControl).Assembly.GetManifestResourceStream("sample-recording.mp4")
            ?? throw new InvalidOperationException("The sandbox's sample recording is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>
    /// Records an instance of a meeting created through the API, as a cloud recording that began at <paramref name="start"/>
    /// (by default it ended now): a playable video, an audio file and a transcript. The first instance takes the meeting's UUID, later ones (a meeting started twice) new ones.
    /// Returns the instance's UUID; null when there is no such meeting.
    /// </summary>
    public string? RecordMeeting(long meetingId, int minutes = 30, DateTimeOffset? start = null)
    {
        lock (_state.Gate)
        {
            if (!_state.Meetings.TryGetValue(meetingId, out var meeting))
            {
                return null;
            }
            var begin = start ?? Now.AddMinutes(-minutes);
            var end = begin.AddMinutes(minutes);
            var first = !_state.Recordings.Any(r => r.MeetingId == meetingId && r.AccountId == meeting.AccountId);
            var uuid = first ? meeting.Uuid : SandboxState.NewSecret(16)[..22] + "==";
            var recording = new SandboxRecordingMeeting
            {
                Uuid = uuid,
                MeetingId = meetingId,
                HostId = meeting.HostId,
                AccountId = meeting.AccountId,
                Topic = meeting.Topic,
                StartTime = begin,
                Duration = minutes,
                Password = SandboxState.StableId(uuid)[..8],
            };
            var video = s_sampleVideo.Value;
            recording.Files.Add(NewFile("MP4", "MP4", video.LongLength, "shared_screen_with_speaker_view", video));
            recording.Files.Add(NewFile("M4A", "M4A", minutes * 60L * 16_000, "audio_only", null));
            recording.Files.Add(NewFile("TRANSCRIPT", "VTT", minutes * 60L * 20, "audio_transcript", null));
            _state.AddRecording(recording);
            return uuid;

            SandboxRecordingFile NewFile(string type, string extension, long size, string recordingType, byte[]? content) => new()
            {
                Id = Guid.NewGuid().ToString(),
                FileType = type,
                FileExtension = extension,
                FileSize = size,
                RecordingStart = begin.AddSeconds(5),
                RecordingEnd = end,
                RecordingType = recordingType,
                Content = content,
            };
        }
    }

    /// <summary>Deletes a recording instance as if its owner deleted it in Zoom (permanently: it is gone from the trash too).</summary>
    public bool DeleteRecording(string meetingUuid)
    {
        lock (_state.Gate)
        {
            var recording = _state.Recordings.FirstOrDefault(r => r.Uuid == meetingUuid);
            foreach (var file in recording?.Files ?? [])
            {
                file.Deleted = true;
            }
            return recording is not null;
        }
    }

    /// <summary>The <c>payload</c> of Zoom's <c>recording.completed</c> event for a recording instance; null when there is none.</summary>
    public string? RecordingCompletedPayload(string meetingUuid)
    {
        lock (_state.Gate)
        {
            var r = _state.Recordings.FirstOrDefault(x => x.Uuid == meetingUuid);
            if (r is null)
            {
                return null;
            }
            var files = r.Live.ToList();
            return JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["account_id"] = r.AccountId,
                ["object"] = new Dictionary<string, object?>
                {
                    ["uuid"] = r.Uuid,
                    ["id"] = r.MeetingId,
                    ["account_id"] = r.AccountId,
                    ["host_id"] = r.HostId,
                    ["topic"] = r.Topic,
                    ["type"] = 2,
                    ["start_time"] = Iso(r.StartTime),
                    ["timezone"] = "UTC",
                    ["duration"] = r.Duration,
                    ["total_size"] = files.Sum(f => f.FileSize),
                    ["recording_count"] = files.Count,
                    ["recording_files"] = files.Select(f => new Dictionary<string, object?>
                    {
                        ["id"] = f.Id,
                        ["meeting_id"] = r.Uuid,
                        ["recording_start"] = Iso(f.RecordingStart),
                        ["recording_end"] = Iso(f.RecordingEnd),
                        ["file_type"] = f.FileType,
                        ["file_extension"] = f.FileExtension,
                        ["file_size"] = f.FileSize,
                        ["recording_type"] = f.RecordingType,
                        ["status"] = "completed",
                    }).ToList(),
                },
            });
        }
    }

    /// <summary>Posts a signed <c>recording.completed</c> for a recording instance to the portal's webhook URL.</summary>
    public Task<SandboxWebhookResult> SendRecordingCompletedAsync(string url, string secretToken, string meetingUuid, CancellationToken ct = default)
    {
        var payload = RecordingCompletedPayload(meetingUuid) ?? throw new ArgumentException("No such recording.", nameof(meetingUuid));
        return SendWebhookAsync(url, secretToken, "recording.completed", payload, ct);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
