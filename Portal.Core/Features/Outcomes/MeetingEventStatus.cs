using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Identity;

namespace Portal.Core.Features.Outcomes;

/// <summary>The event subscriptions outcomes need, and whether meeting events arrive, for the setup pages.</summary>
public static class MeetingEventSubscriptions
{
    public static readonly IReadOnlyList<(string Event, string Purpose)> Events =
    [
        ("meeting.started", "Meeting has been started"),
        ("meeting.ended", "Meeting has been ended"),
        ("meeting.participant_joined", "Participant/Host joined meeting"),
        ("meeting.participant_left", "Participant/Host left meeting"),
        ("meeting.participant_joined_waiting_room", "Participant joined the waiting room"),
        ("meeting.participant_jbh_waiting", "Participant waiting for host to join"),
    ];
}

public sealed record MeetingEventHealth(DateTimeOffset? LastMeetingEventAt, long IgnoredEvents);

public interface IMeetingEventStatus
{
    /// <summary>For one connection, or all when null. Administrators only.</summary>
    Task<MeetingEventHealth> GetAsync(int? connectionId, CancellationToken ct = default);
}

public sealed class MeetingEventStatus(IDbContextFactory<PortalDbContext> dbFactory, ICurrentActor currentActor) : IMeetingEventStatus
{
    public async Task<MeetingEventHealth> GetAsync(int? connectionId, CancellationToken ct = default)
    {
        await currentActor.RequireAdminAsync("Only IT administrators can see the Zoom event set-up.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tallies = await db.MeetingEventTallies.AsNoTracking().Where(t => connectionId == null || t.ConnectionId == connectionId).ToListAsync(ct);
        return new MeetingEventHealth(tallies.Max(t => t.LastMeetingEventAt), tallies.Sum(t => t.IgnoredEvents));
    }
}
