namespace Portal.Core.Zoom;

// What the portal sends to Zoom, written by ZoomWireJson's generated code (snake_case, null fields left out).

internal sealed record CreateUserWire(string Action, NewUserInfoWire UserInfo);

internal sealed record NewUserInfoWire(string Email, int Type, string? FirstName, string? LastName);

internal sealed record UserTypeWire(int Type);

internal sealed record UserSettingsUpdateWire(RecordingSettingsWire? Recording, InMeetingSettingsWire? InMeeting);

internal sealed record CreateMeetingWire(
    string Topic,
    int Type,
    string StartTime,
    int Duration,
    string Timezone,
    string? Agenda,
    string? Password,
    MeetingSettingsWire Settings);

internal sealed record MeetingSettingsWire(bool WaitingRoom, bool JoinBeforeHost, string AutoRecording, bool? MeetingAuthentication);

internal sealed record UpdateMeetingWire(string? Topic, string? StartTime, int? Duration, string? Timezone, string? Agenda, string? ScheduleFor);

internal sealed record RecordingStatusWire(string Action);
