using System.Globalization;
using System.Text.Json;

namespace Portal.Core.Features.Webhooks.Handlers;

internal static class PayloadExtensions
{
    public static JsonElement Object(this JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.Object
            ? o
            : throw new WebhookPayloadException("the details of what it is about");

    public static string? String(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Int(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    /// <summary>Meeting ids are int64 and sometimes arrive as strings.</summary>
    public static long? Long(this JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v))
        {
            return null;
        }
        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt64(out var l) => l,
            JsonValueKind.String when long.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }

    public static DateTimeOffset? Time(this JsonElement e, string name) =>
        e.String(name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime()
            : null;
}
