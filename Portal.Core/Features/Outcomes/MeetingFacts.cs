using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Features.Outcomes;

/// <summary>Builds facts with the key that makes a repeated webhook, or the report row of an event already seen, the same fact.</summary>
public static class MeetingFacts
{
    public static MeetingFact Meeting(long sessionId, MeetingFactKind kind, string meetingUuid, DateTimeOffset at, bool fromReport = false) =>
        new()
        {
            SessionId = sessionId,
            Kind = kind,
            MeetingUuid = meetingUuid,
            At = Second(at),
            Key = KeyOf(kind, meetingUuid, "", at),
            FromReport = fromReport,
        };

    /// <param name="participantUuid">participant_uuid where Zoom gives one (webhooks); reports have none.</param>
    public static MeetingFact Participant(long sessionId, MeetingFactKind kind, string meetingUuid, DateTimeOffset at,
        string? participantUuid, string? zoomUserId, string? meetingUserId, string? name, string? email, bool fromReport = false)
    {
        var cleanName = (name ?? "").Trim();
        var participantKey = !string.IsNullOrEmpty(participantUuid) ? "p:" + participantUuid
            : !string.IsNullOrEmpty(zoomUserId) ? "u:" + zoomUserId
            : "n:" + cleanName.ToLowerInvariant();
        return new MeetingFact
        {
            SessionId = sessionId,
            Kind = kind,
            MeetingUuid = meetingUuid,
            At = Second(at),
            ParticipantKey = participantKey,
            ParticipantName = cleanName,
            ParticipantEmail = string.IsNullOrWhiteSpace(email) ? null : email.Trim(),
            ZoomUserId = string.IsNullOrEmpty(zoomUserId) ? null : zoomUserId,
            MeetingUserId = string.IsNullOrEmpty(meetingUserId) ? null : meetingUserId,
            // The name, not the participant key, identifies the person here: the report knows no participant_uuid.
            Key = KeyOf(kind, meetingUuid, cleanName.ToLowerInvariant() + "|" + (zoomUserId ?? ""), at),
            FromReport = fromReport,
        };
    }

    private static DateTimeOffset Second(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private static string KeyOf(MeetingFactKind kind, string uuid, string who, DateTimeOffset at)
    {
        var text = string.Join('\n', ((int)kind).ToString(CultureInfo.InvariantCulture), uuid, who,
            Second(at).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
    }
}
