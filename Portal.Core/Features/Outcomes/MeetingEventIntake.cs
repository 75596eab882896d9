using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;

namespace Portal.Core.Features.Outcomes;

/// <summary>Per connection: when the last meeting event arrived, and how many were dropped because they belong to meetings the portal did not create.</summary>
public sealed class MeetingEventTally
{
    public int ConnectionId { get; set; }
    public long IgnoredEvents { get; set; }
    public DateTimeOffset? LastMeetingEventAt { get; set; }
    public DateTimeOffset? LastIgnoredAt { get; set; }
}

/// <summary>
/// Meeting events are account-wide: Zoom sends those of every meeting in the account. The receiver asks this before it
/// stores one, so events of meetings the portal did not create are counted and dropped, never stored.
/// </summary>
public static class MeetingEventIntake
{
    public static bool IsMeetingEvent(string eventName) => eventName.StartsWith("meeting.", StringComparison.Ordinal);

    /// <summary>True when the event belongs to a session's meeting; either way the connection's tally is updated.</summary>
    public static async Task<bool> AdmitAsync(PortalDbContext db, int? connectionId, JsonElement payload, DateTimeOffset now, CancellationToken ct)
    {
        var meetingId = MeetingId(payload);
        var ours = meetingId is { } id && await db.Sessions.AnyAsync(s => s.ZoomMeetingId == id && (connectionId == null || s.ConnectionId == connectionId), ct);
        if (connectionId is { } cid)
        {
            await TallyAsync(db, cid, ours, now, ct);
        }
        return ours;
    }

    private static long? MeetingId(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("object", out var o) || o.ValueKind != JsonValueKind.Object
            || !o.TryGetProperty("id", out var id))
        {
            return null;
        }
        return id.ValueKind switch
        {
            JsonValueKind.Number when id.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(id.GetString(), out var s) => s,
            _ => null,
        };
    }

    private static async Task TallyAsync(PortalDbContext db, int connectionId, bool ours, DateTimeOffset now, CancellationToken ct)
    {
        var ignored = ours ? 0 : 1;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var updated = await db.MeetingEventTallies.Where(t => t.ConnectionId == connectionId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.IgnoredEvents, t => t.IgnoredEvents + ignored)
                    .SetProperty(t => t.LastMeetingEventAt, now)
                    .SetProperty(t => t.LastIgnoredAt, t => ours ? t.LastIgnoredAt : now), ct);
            if (updated > 0)
            {
                return;
            }
            try
            {
                db.MeetingEventTallies.Add(new MeetingEventTally
                {
                    ConnectionId = connectionId,
                    IgnoredEvents = ignored,
                    LastMeetingEventAt = now,
                    LastIgnoredAt = ours ? null : now,
                });
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException)
            {
                // Another delivery created the row first: count on it.
                db.ChangeTracker.Clear();
            }
        }
    }
}
