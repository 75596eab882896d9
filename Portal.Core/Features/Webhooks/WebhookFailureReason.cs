using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Zoom;

namespace Portal.Core.Features.Webhooks;

/// <summary>An event whose content lacks what its handler needs; retrying the same content cannot succeed.</summary>
public sealed class WebhookPayloadException(string missing) : Exception($"The event has no {missing}.")
{
    /// <summary>What is missing, in words ("the meeting's number").</summary>
    public string Missing { get; } = missing;
}

/// <summary>
/// Why an event failed, in words for the Webhook events page: what failed and what to do. The exception itself goes to the
/// log only; its message names internal types and fields.
/// </summary>
public static class WebhookFailureReason
{
    public static string Of(WebhookEvent evt, Exception ex, TimeProvider clock)
    {
        var what = $"this {Family(evt.Event)}";
        return ex switch
        {
            WebhookPayloadException payload =>
                $"Zoom sent {what} without {payload.Missing}, so the portal changed nothing. Retrying will not help; the next staff sync and session checks catch up with Zoom.",
            JsonException =>
                $"Zoom sent {what} in a form the portal cannot read, so the portal changed nothing. Retrying will not help; the next staff sync and session checks catch up with Zoom.",
            _ when ZoomRefusal.From(ex, clock) is { } refusal => $"Zoom refused a call needed for {what}: {refusal.Text} Then press Retry.",
            DbException or DbUpdateException or TimeoutException =>
                $"The portal could not save what {what} changed: its database was busy or refused the change. Press Retry; if it fails again, " +
                $"give your portal's operator the event number {evt.Id}: the details are in the portal's log.",
            _ => $"The portal could not apply {what} (an unexpected error). Press Retry; if it fails again, " +
                $"give your portal's operator the event number {evt.Id}: the details are in the portal's log.",
        };
    }

    private static string Family(string eventName) => eventName.Split('.')[0] switch
    {
        "meeting" => "meeting event",
        "recording" => "recording event",
        "user" => "user event",
        "app_deauthorized" => "notice that the Zoom app was removed",
        _ => $"event ({eventName})",
    };
}
