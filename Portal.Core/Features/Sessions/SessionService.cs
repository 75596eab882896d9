namespace Portal.Core.Features.Sessions;

public interface ISessionService
{
    /// <summary>Staff members the signed-in person may schedule for (everyone active for directors, themselves for teachers).</summary>
    Task<IReadOnlyList<StaffOption>> ListSchedulableStaffAsync(CancellationToken ct = default);

    Task<SessionResult> ScheduleAsync(ScheduleSessionRequest request, CancellationToken ct = default);

    /// <summary>Null when the session does not exist or the signed-in person may not see it.</summary>
    Task<SessionDetails?> GetAsync(long id, CancellationToken ct = default);

    Task<SessionPage> ListAsync(SessionQuery query, CancellationToken ct = default);

    /// <summary>A fresh start link from Zoom, for the host only.</summary>
    Task<StartLinkResult> GetStartLinkAsync(long id, CancellationToken ct = default);

    /// <summary>The session's link token again (host, directors, administrators); null when not theirs or made before links were kept.</summary>
    Task<string?> GetJoinTokenAsync(long id, CancellationToken ct = default);

    /// <summary>The client's page of a valid link; null for a wrong, expired or unknown one (nothing else is revealed).</summary>
    Task<ClientSessionView?> OpenClientPageAsync(string token, CancellationToken ct = default);

    /// <summary>"Join now" on the client's page: records the click and returns Zoom's join URL; null when joining is not open.</summary>
    Task<string?> JoinFromClientPageAsync(string token, CancellationToken ct = default);

    /// <summary>The session as an iCalendar file for the client; null for an invalid link or a session that is not scheduled.</summary>
    Task<string?> ClientCalendarAsync(string token, Uri link, CancellationToken ct = default);

    /// <summary>Replaces the session's link (the old one stops working) and returns the new token.</summary>
    Task<SessionResult> IssueJoinLinkAsync(long id, CancellationToken ct = default);

    Task<SessionResult> RescheduleAsync(long id, RescheduleSessionRequest request, CancellationToken ct = default);

    Task<SessionResult> CancelAsync(long id, CancellationToken ct = default);

    Task<SessionResult> ChangeHostAsync(long id, int newStaffMemberId, CancellationToken ct = default);

    /// <summary>Checks that the host is still an active, licensed Zoom user and the meeting still exists; stores the warning.</summary>
    Task<string?> CheckHostAsync(long id, CancellationToken ct = default);

    /// <summary>Administrators: gives a Basic staff member's Zoom user a licence.</summary>
    Task<SessionResult> AssignLicenceAsync(int staffMemberId, CancellationToken ct = default);
}

/// <summary>The sessions feature for its pages: each call is one use case class (this file only delegates).</summary>
public sealed class SessionService(
    SessionQueries queries,
    ScheduleSession schedule,
    RescheduleSession reschedule,
    CancelSession cancel,
    ChangeSessionHost changeHost,
    SessionLinks links,
    ClientPage clientPage,
    SessionHostCheck hostCheck,
    AssignZoomLicence assignLicence) : ISessionService
{
    public Task<IReadOnlyList<StaffOption>> ListSchedulableStaffAsync(CancellationToken ct = default) => queries.ListSchedulableStaffAsync(ct);

    public Task<SessionResult> ScheduleAsync(ScheduleSessionRequest request, CancellationToken ct = default) => schedule.RunAsync(request, ct);

    public Task<SessionDetails?> GetAsync(long id, CancellationToken ct = default) => queries.GetAsync(id, ct);

    public Task<SessionPage> ListAsync(SessionQuery query, CancellationToken ct = default) => queries.ListAsync(query, ct);

    public Task<StartLinkResult> GetStartLinkAsync(long id, CancellationToken ct = default) => links.GetStartLinkAsync(id, ct);

    public Task<string?> GetJoinTokenAsync(long id, CancellationToken ct = default) => links.GetJoinTokenAsync(id, ct);

    public Task<ClientSessionView?> OpenClientPageAsync(string token, CancellationToken ct = default) => clientPage.OpenAsync(token, ct);

    public Task<string?> JoinFromClientPageAsync(string token, CancellationToken ct = default) => clientPage.JoinAsync(token, ct);

    public Task<string?> ClientCalendarAsync(string token, Uri link, CancellationToken ct = default) => clientPage.CalendarAsync(token, link, ct);

    public Task<SessionResult> IssueJoinLinkAsync(long id, CancellationToken ct = default) => links.IssueJoinLinkAsync(id, ct);

    public Task<SessionResult> RescheduleAsync(long id, RescheduleSessionRequest request, CancellationToken ct = default) => reschedule.RunAsync(id, request, ct);

    public Task<SessionResult> CancelAsync(long id, CancellationToken ct = default) => cancel.RunAsync(id, ct);

    public Task<SessionResult> ChangeHostAsync(long id, int newStaffMemberId, CancellationToken ct = default) => changeHost.RunAsync(id, newStaffMemberId, ct);

    public Task<string?> CheckHostAsync(long id, CancellationToken ct = default) => hostCheck.RunAsync(id, ct);

    public Task<SessionResult> AssignLicenceAsync(int staffMemberId, CancellationToken ct = default) => assignLicence.RunAsync(staffMemberId, ct);
}
