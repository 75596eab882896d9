using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static Portal.ZoomSandbox.Endpoints.SandboxHttp;

namespace Portal.ZoomSandbox.Endpoints;

internal static class RecordingEndpoints
{
    private static readonly string[] ListScopes = ["cloud_recording:read:list_user_recordings:admin", "recording:read:admin", "cloud_recording:read:list_user_recordings"];
    private static readonly string[] GetScopes =
        ["cloud_recording:read:list_recording_files:admin", "cloud_recording:read:recording:admin", "recording:read:admin", "cloud_recording:read:list_recording_files"];
    private static readonly string[] DeleteAllScopes =
        ["cloud_recording:delete:meeting_recording:admin", "cloud_recording:delete:recording_file:admin", "recording:write:admin"];
    private static readonly string[] DeleteFileScopes = ["cloud_recording:delete:recording_file:admin", "recording:write:admin"];
    private static readonly string[] RecoverScopes =
        ["cloud_recording:update:recording_file:admin", "cloud_recording:delete:recording_file:admin", "recording:write:admin"];

    private static readonly byte[] SigningKey = RandomNumberGenerator.GetBytes(32);

    public static void Map(RouteGroupBuilder root, RouteGroupBuilder v2)
    {
        v2.Api("GET", "/users/{userId}/recordings", SandboxRateCategory.Medium, ListScopes, ListAsync);
        v2.Api("GET", "/meetings/{meetingId}/recordings", SandboxRateCategory.Light, GetScopes, GetAsync);
        v2.Api("DELETE", "/meetings/{meetingId}/recordings", SandboxRateCategory.Light, DeleteAllScopes, DeleteAllAsync);
        v2.Api("DELETE", "/meetings/{meetingId}/recordings/{recordingId}", SandboxRateCategory.Light, DeleteFileScopes, DeleteFileAsync);
        v2.Api("PUT", "/meetings/{meetingUUID}/recordings/status", SandboxRateCategory.Light, RecoverScopes, RecoverAsync);
        root.MapGet("/rec/download/{fileId}", (Delegate)DownloadAsync);
        root.MapGet("/rec/storage/{fileId}", (Delegate)StorageAsync);
        root.MapGet("/rec/play/{fileId}", (Delegate)PlayPage);
    }

    private static Task<IResult> ListAsync(ApiCall call)
    {
        var userId = call.Http.Request.RouteValues["userId"]!.ToString()!;
        var trash = string.Equals(call.Query("trash"), "true", StringComparison.OrdinalIgnoreCase);
        var today = DateOnly.FromDateTime(call.Now.UtcDateTime);
        var from = today;
        var to = today.AddDays(1);
        if (call.Query("from") is { } f && !DateOnly.TryParseExact(f, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out from))
        {
            return Task.FromResult(Error(400, 300, "Invalid field: from."));
        }
        if (call.Query("to") is { } t && !DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out to))
        {
            return Task.FromResult(Error(400, 300, "Invalid field: to."));
        }
        if (call.Query("to") is null && call.Query("from") is not null)
        {
            to = from.AddDays(1) > today ? from.AddDays(1) : today;
        }
        if (!trash && (to < from || to > from.AddMonths(1)))
        {
            return Task.FromResult(Error(400, 300, "The maximum date range is one month: 'to' must not be more than a month after 'from'."));
        }
        var pageSize = UserEndpoints.ParsePageSize(call.Query("page_size"), 30, 300);
        var scope = $"rec:{userId}:{from}:{to}:{trash}";
        var offset = 0;
        if (call.Query("next_page_token") is { } token && !UserEndpoints.TryReadPageToken(token, scope, out offset))
        {
            return Task.FromResult(Error(400, 300, "The next page token is invalid or expired."));
        }
        long? meetingFilter = long.TryParse(call.Query("meeting_id"), out var mid) ? mid : null;
        lock (call.State.Gate)
        {
            var user = call.State.FindUser(call.Account, userId, call.Token);
            if (user?.Id is null)
            {
                return Task.FromResult(UserNotFound(userId));
            }
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var meetings = call.State.Recordings
                .Where(r => r.HostId == user.Id && (meetingFilter is null || r.MeetingId == meetingFilter))
                .Where(r => trash ? r.InTrash.Any() : r.Live.Any() && r.StartTime >= start && r.StartTime < end)
                .OrderByDescending(r => r.StartTime)
                .ToList();
            var page = meetings.Skip(offset).Take(pageSize).Select(r => MeetingJson(call, r, trash ? r.InTrash : r.Live, false)).ToList();
            return Task.FromResult(Ok(new
            {
                from = Day(from),
                to = Day(to),
                page_count = (meetings.Count + pageSize - 1) / pageSize,
                page_size = pageSize,
                total_records = meetings.Count,
                next_page_token = offset + pageSize < meetings.Count ? UserEndpoints.PageToken(scope, offset + pageSize) : "",
                meetings = page,
            }));
        }
    }

    private static Dictionary<string, object?> MeetingJson(ApiCall call, SandboxRecordingMeeting r, IEnumerable<SandboxRecordingFile> files, bool single)
    {
        var list = files.ToList();
        var json = new Dictionary<string, object?>
        {
            ["uuid"] = r.Uuid,
            ["id"] = r.MeetingId,
            ["account_id"] = r.AccountId,
            ["host_id"] = r.HostId,
            ["topic"] = r.Topic,
            ["type"] = r.Type.ToString(CultureInfo.InvariantCulture),
            ["start_time"] = Iso(r.StartTime),
            ["duration"] = r.Duration,
            ["total_size"] = list.Sum(f => f.FileSize),
            ["recording_count"] = list.Count,
            ["recording_play_passcode"] = r.Password,
            ["recording_files"] = list.Select(f => FileJson(call, r, f)).ToList(),
        };
        if (single)
        {
            json["password"] = r.Password;
        }
        return json;
    }

    private static Dictionary<string, object?> FileJson(ApiCall call, SandboxRecordingMeeting r, SandboxRecordingFile f)
    {
        var json = new Dictionary<string, object?>
        {
            ["id"] = f.Id,
            ["meeting_id"] = r.Uuid,
            ["recording_start"] = Iso(f.RecordingStart),
            ["recording_end"] = Iso(f.RecordingEnd),
            ["file_type"] = f.FileType,
            ["file_extension"] = f.FileExtension,
            ["file_size"] = f.FileSize,
            ["play_url"] = $"{call.BaseUrl}/rec/play/{f.Id}",
            ["download_url"] = $"{call.BaseUrl}/rec/download/{f.Id}",
            ["status"] = "completed",
            ["recording_type"] = f.RecordingType,
        };
        if (f.TrashedAt is { } at)
        {
            json["deleted_time"] = Iso(at);
        }
        return json;
    }

    /// <summary>Numeric id = latest instance with files; otherwise an instance UUID. Caller holds the lock.</summary>
    private static SandboxRecordingMeeting? Find(ApiCall call, string idOrUuid, Func<SandboxRecordingMeeting, bool> having)
    {
        var candidates = call.State.Recordings.Where(r => r.AccountId == call.Account.Id && having(r));
        return long.TryParse(idOrUuid, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? candidates.Where(r => r.MeetingId == id).MaxBy(r => r.StartTime)
            : candidates.FirstOrDefault(r => r.Uuid == idOrUuid);
    }

    private static string MeetingParam(ApiCall call, string name) =>
        MeetingIdFromRawPath(call.Http, "/meetings/", call.Http.Request.RouteValues[name]!.ToString()!);

    private static Task<IResult> GetAsync(ApiCall call)
    {
        var id = MeetingParam(call, "meetingId");
        lock (call.State.Gate)
        {
            var meeting = Find(call, id, r => r.Live.Any());
            if (meeting is null)
            {
                return Task.FromResult(Error(404, 3301, "There is no recording for this meeting."));
            }
            var json = MeetingJson(call, meeting, meeting.Live, true);
            if ((call.Query("include_fields") ?? "").Contains("download_access_token", StringComparison.Ordinal))
            {
                var ttl = int.TryParse(call.Query("ttl"), out var s) ? Math.Clamp(s, 0, 604_800) : 86_400;
                var token = OAuthEndpoints.Issue(call.Control, call.Token.ClientId, call.Account.Id, null,
                    new HashSet<string>(StringComparer.Ordinal) { "cloud_recording:read:list_recording_files:admin" });
                token.ExpiresAt = call.Now.AddSeconds(ttl == 0 ? 86_400 : ttl);
                json["download_access_token"] = token.Value;
            }
            return Task.FromResult(Ok(json));
        }
    }

    private static bool Permanently(ApiCall call, out IResult? error)
    {
        error = null;
        var action = call.Query("action") ?? "trash";
        if (action is not ("trash" or "delete"))
        {
            error = Error(400, 300, "Invalid field: action.");
        }
        return action == "delete";
    }

    private static Task<IResult> DeleteAllAsync(ApiCall call)
    {
        var id = MeetingParam(call, "meetingId");
        var permanently = Permanently(call, out var error);
        if (error is not null)
        {
            return Task.FromResult(error);
        }
        lock (call.State.Gate)
        {
            var meeting = Find(call, id, r => permanently ? r.Files.Any(f => !f.Deleted) : r.Live.Any());
            if (meeting is null)
            {
                return Task.FromResult(Error(404, 3301, "There is no recording for this meeting."));
            }
            foreach (var file in meeting.Files.Where(f => !f.Deleted))
            {
                Remove(call, file, permanently);
            }
            return Task.FromResult(NoContent());
        }
    }

    private static void Remove(ApiCall call, SandboxRecordingFile file, bool permanently)
    {
        if (permanently)
        {
            file.Deleted = true;
        }
        else if (!file.Trashed)
        {
            file.Trashed = true;
            file.TrashedAt = call.Now;
        }
    }

    private static Task<IResult> DeleteFileAsync(ApiCall call)
    {
        var id = MeetingParam(call, "meetingId");
        var recordingId = call.Http.Request.RouteValues["recordingId"]!.ToString()!;
        var permanently = Permanently(call, out var error);
        if (error is not null)
        {
            return Task.FromResult(error);
        }
        lock (call.State.Gate)
        {
            var meeting = Find(call, id, r => r.Files.Any(f => f.Id == recordingId && !f.Deleted && (permanently || !f.Trashed)));
            var file = meeting?.Files.First(f => f.Id == recordingId);
            if (file is null)
            {
                return Task.FromResult(Error(404, 3301, "There is no recording for this meeting."));
            }
            Remove(call, file, permanently);
            return Task.FromResult(NoContent());
        }
    }

    private static async Task<IResult> RecoverAsync(ApiCall call)
    {
        var uuid = MeetingParam(call, "meetingUUID");
        var body = await ReadJsonAsync(call.Http);
        if (body?["action"]?.GetValue<string>() != "recover")
        {
            return Error(400, 300, "Invalid field: action.");
        }
        lock (call.State.Gate)
        {
            var meeting = Find(call, uuid, r => r.InTrash.Any());
            if (meeting is null)
            {
                return Error(404, 3301, "There is no recording for this meeting.");
            }
            foreach (var file in meeting.InTrash)
            {
                file.Trashed = false;
                file.TrashedAt = null;
            }
            return NoContent();
        }
    }

    // ---- Download: bearer-authorised redirect to a signed, short-lived storage URL ----

    private static async Task<IResult> DownloadAsync(HttpContext http, string fileId)
    {
        var control = http.RequestServices.GetRequiredService<ZoomSandboxControl>();
        control.Count("GET", "/rec/download/{fileId}");
        var (latency, fault) = control.NextFault("GET", http.Request.Path.Value ?? "");
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, http.RequestAborted);
        }
        if (fault is not null)
        {
            return Error(fault.StatusCode, fault.Code, fault.Message);
        }
        var (token, authError) = Authenticate(http, control, allowQueryToken: true);
        if (authError is not null)
        {
            return authError;
        }
        lock (control.State.Gate)
        {
            if (!control.State.FilesById.TryGetValue(fileId, out var entry) || entry.File.Deleted || entry.Meeting.AccountId != token!.AccountId)
            {
                return Error(404, 3301, "There is no recording for this meeting.");
            }
        }
        var expires = control.Now.AddSeconds(http.RequestServices.GetRequiredService<SandboxOptions>().StorageUrlLifetimeSeconds).ToUnixTimeSeconds();
        var signature = Sign(fileId, expires);
        return Results.Redirect($"{BaseUrl(http)}/rec/storage/{fileId}?expires={expires}&signature={signature}");
    }

    private static string Sign(string fileId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey, Encoding.UTF8.GetBytes($"{fileId}:{expires}")));

    private static async Task StorageAsync(HttpContext http, string fileId)
    {
        var control = http.RequestServices.GetRequiredService<ZoomSandboxControl>();
        control.Count("GET", "/rec/storage/{fileId}");
        var expiresText = http.Request.Query["expires"].ToString();
        var signature = http.Request.Query["signature"].ToString();
        if (!long.TryParse(expiresText, out var expires) || expires < control.Now.ToUnixTimeSeconds()
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(fileId, expires)), Encoding.ASCII.GetBytes(signature)))
        {
            http.Response.StatusCode = 403;
            http.Response.ContentType = "application/xml";
            await http.Response.WriteAsync("<Error><Code>AccessDenied</Code><Message>Request has expired or the signature is invalid</Message></Error>");
            return;
        }
        SandboxRecordingFile file;
        string fileName;
        lock (control.State.Gate)
        {
            if (!control.State.FilesById.TryGetValue(fileId, out var entry) || entry.File.Deleted)
            {
                http.Response.StatusCode = 404;
                return;
            }
            file = entry.File;
            fileName = $"{entry.Meeting.Topic.Replace(' ', '_')}_{entry.Meeting.StartTime:yyyyMMdd}.{file.FileExtension.ToLowerInvariant()}";
        }
        var total = file.FileSize;
        var from = 0L;
        var to = total - 1;
        http.Response.Headers.AcceptRanges = "bytes";
        http.Response.ContentType = file.FileType switch
        {
            "MP4" => "video/mp4",
            "M4A" => "audio/mp4",
            "TRANSCRIPT" => "text/vtt",
            "CHAT" => "text/plain; charset=utf-8",
            _ => "application/octet-stream",
        };
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        var range = http.Request.Headers.Range.ToString();
        if (!string.IsNullOrEmpty(range))
        {
            if (!TryParseRange(range, total, out from, out to))
            {
                http.Response.StatusCode = 416;
                http.Response.Headers.ContentRange = $"bytes */{total}";
                return;
            }
            http.Response.StatusCode = 206;
            http.Response.Headers.ContentRange = $"bytes {from}-{to}/{total}";
        }
        http.Response.ContentLength = to - from + 1;
        if (HttpMethods.IsHead(http.Request.Method))
        {
            return;
        }
        if (file.Content is { } bytes)
        {
            await http.Response.Body.WriteAsync(bytes.AsMemory((int)from, (int)(to - from + 1)), http.RequestAborted);
            return;
        }
        var content = new FileContent(file.Id, file.FileType);
        var buffer = new byte[64 * 1024];
        for (var pos = from; pos <= to;)
        {
            var n = (int)Math.Min(buffer.Length, to - pos + 1);
            content.Fill(pos, buffer.AsSpan(0, n));
            await http.Response.Body.WriteAsync(buffer.AsMemory(0, n), http.RequestAborted);
            pos += n;
        }
    }

    private static bool TryParseRange(string header, long total, out long from, out long to)
    {
        from = 0;
        to = total - 1;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }
        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return false;
        }
        var a = spec[..dash];
        var b = spec[(dash + 1)..];
        if (a.Length == 0)
        {
            if (!long.TryParse(b, out var suffix) || suffix <= 0)
            {
                return false;
            }
            from = Math.Max(0, total - suffix);
            return true;
        }
        if (!long.TryParse(a, out from) || from >= total)
        {
            return false;
        }
        if (b.Length > 0)
        {
            if (!long.TryParse(b, out to) || to < from)
            {
                return false;
            }
            to = Math.Min(to, total - 1);
        }
        return true;
    }

    private static IResult PlayPage(string fileId) =>
        OAuthEndpoints.Html(200, "Zoom sandbox: recording player", $"<p id=\"player\">Playing recording {System.Net.WebUtility.HtmlEncode(fileId)}.</p>");
}

/// <summary>Deterministic bytes of a recording file, generated on demand: the same file always has the same content.</summary>
public sealed class FileContent
{
    private const int BlockSize = 64 * 1024;
    private readonly byte[] _block;
    private readonly byte[] _header;

    public FileContent(string fileId, string fileType)
    {
        var seed = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(fileId)), 0);
        _block = new byte[BlockSize];
        if (fileType is "TRANSCRIPT" or "CHAT")
        {
            var line = fileType == "TRANSCRIPT"
                ? "00:00:01.000 --> 00:00:04.000\nTutor: Let's look at your thesis statement again.\n\n"
                : "10:00:05 From Student to Everyone: Thanks, that helps!\n";
            var text = Encoding.UTF8.GetBytes(line);
            for (var i = 0; i < BlockSize; i++)
            {
                _block[i] = text[i % text.Length];
            }
            _header = fileType == "TRANSCRIPT" ? Encoding.UTF8.GetBytes("WEBVTT\n\n") : [];
        }
        else
        {
            new Random(seed).NextBytes(_block);
            _header = fileType == "M4A"
                ? [0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'M', (byte)'4', (byte)'A', (byte)' ']
                : [0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'];
        }
    }

    public void Fill(long position, Span<byte> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var p = position + i;
            destination[i] = p < _header.Length ? _header[p] : _block[p % BlockSize];
        }
    }
}
