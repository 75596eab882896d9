using System.Text.Json;

namespace Portal.Core.Features.Audit;

/// <summary>One field an audited action changed (or set, when Before is null), with its values as text.</summary>
public sealed record AuditChange(string Field, string? Before, string? After)
{
    /// <summary>
    /// The fields that differ between two snapshots, usually anonymous objects (<c>new { Role = "Tutor" }</c>): each property is a
    /// field, in the order first seen; a property with the same value in both is left out. A snapshot that is no object
    /// (a number, a text) is the one field "Value". Never pass a secret.
    /// </summary>
    public static IReadOnlyList<AuditChange> Between(object? before, object? after)
    {
        var old = Fields(before);
        var now = Fields(after);
        var changes = new List<AuditChange>();
        foreach (var field in old.Keys.Concat(now.Keys).Distinct())
        {
            var b = old.GetValueOrDefault(field);
            var a = now.GetValueOrDefault(field);
            if (b != a)
            {
                changes.Add(new AuditChange(field, b, a));
            }
        }
        return changes;
    }

    /// <summary>How a list of changes is stored (the Changes column).</summary>
    public static string ToJson(IReadOnlyList<AuditChange> changes) => JsonSerializer.Serialize(changes);

    public static List<AuditChange> FromJson(string json) => JsonSerializer.Deserialize<List<AuditChange>>(json) ?? [];

    private static Dictionary<string, string?> Fields(object? snapshot)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (snapshot is null)
        {
            return fields;
        }
        var json = JsonSerializer.SerializeToElement(snapshot);
        if (json.ValueKind != JsonValueKind.Object)
        {
            fields["Value"] = Text(json);
            return fields;
        }
        foreach (var property in json.EnumerateObject())
        {
            fields[property.Name] = Text(property.Value);
        }
        return fields;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
