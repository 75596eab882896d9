using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Core.Zoom;

// Zoom is loose with types: numbers come as text, dates come empty, a field may hold an unexpected shape. A field that
// cannot be read becomes null rather than failing the whole answer.

internal sealed class LenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Number:
                return RawText(ref reader);
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            default:
                reader.Skip();
                return null;
        }
    }

    private static string RawText(ref Utf8JsonReader reader) =>
        System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

internal sealed class LenientLongConverter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var n) ? n : (long)reader.GetDouble();
            case JsonTokenType.String:
                return long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } n)
        {
            writer.WriteNumberValue(n);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

internal sealed class LenientIntConverter : JsonConverter<int?>
{
    private static readonly LenientLongConverter s_long = new();

    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        s_long.Read(ref reader, typeof(long?), options) is { } n ? (int)Math.Clamp(n, int.MinValue, int.MaxValue) : null;

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options) =>
        s_long.Write(writer, value, options);
}

internal sealed class LenientBoolConverter : JsonConverter<bool?>
{
    public override bool HandleNull => true;

    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.String:
                return bool.TryParse(reader.GetString(), out var b) ? b : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } b)
        {
            writer.WriteBooleanValue(b);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Dates as Zoom writes them (ISO 8601, UTC when no offset is given); empty or unreadable is null.</summary>
internal sealed class LenientDateConverter : JsonConverter<DateTimeOffset?>
{
    private static readonly LenientStringConverter s_text = new();

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        s_text.Read(ref reader, typeof(string), options) is { Length: > 0 } s
        && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? d
            : null;

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } d)
        {
            writer.WriteStringValue(d);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>A plan that Zoom sends as one object or as an array of objects.</summary>
internal sealed class OneOrManyPlansConverter : JsonConverter<List<PlanWire>?>
{
    public override List<PlanWire>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var plan = ZoomWireJson.Default.PlanWire;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return JsonSerializer.Deserialize(ref reader, plan) is { } one ? [one] : [];
            case JsonTokenType.StartArray:
                var many = new List<PlanWire>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject && JsonSerializer.Deserialize(ref reader, plan) is { } item)
                    {
                        many.Add(item);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                return many;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, List<PlanWire>? value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var plan in value ?? [])
        {
            JsonSerializer.Serialize(writer, plan, ZoomWireJson.Default.PlanWire);
        }
        writer.WriteEndArray();
    }
}
