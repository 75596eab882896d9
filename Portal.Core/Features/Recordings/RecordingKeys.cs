using System.Buffers.Text;
using System.Text;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Recordings;

/// <summary>Meeting UUIDs can hold '/', '+' and '='; in portal URLs they travel base64url-encoded.</summary>
public static class RecordingKeys
{
    public static string Encode(string meetingUuid) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(meetingUuid));

    public static bool TryDecode(string key, out string meetingUuid)
    {
        meetingUuid = "";
        if (string.IsNullOrEmpty(key) || key.Length > 400 || !Base64Url.IsValid(key))
        {
            return false;
        }
        meetingUuid = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(key));
        return meetingUuid.Length > 0;
    }
}

/// <summary>Zoom lists recordings in windows of at most one month: a range is split on calendar months.</summary>
public static class RecordingWindows
{
    /// <summary>Calendar-month windows covering [from, to] (either order), newest first: Zoom's month windows.</summary>
    public static IReadOnlyList<(DateOnly From, DateOnly To)> Split(DateOnly from, DateOnly to) =>
        to < from ? ZoomMonthWindows.Split(to, from) : ZoomMonthWindows.Split(from, to);
}
