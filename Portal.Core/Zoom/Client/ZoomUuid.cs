namespace Portal.Core.Zoom;

/// <summary>Zoom's rule for meeting ids and UUIDs in paths: encode once, and twice when the UUID starts with '/' or contains '//'.</summary>
public static class ZoomUuid
{
    public static string EncodeForPath(string meetingIdOrUuid)
    {
        ArgumentException.ThrowIfNullOrEmpty(meetingIdOrUuid);
        var once = Uri.EscapeDataString(meetingIdOrUuid);
        return meetingIdOrUuid.StartsWith('/') || meetingIdOrUuid.Contains("//", StringComparison.Ordinal)
            ? Uri.EscapeDataString(once)
            : once;
    }
}
