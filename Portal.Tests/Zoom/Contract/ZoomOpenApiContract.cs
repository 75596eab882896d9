using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Portal.Tests.Zoom.Contract;

/// <summary>The outcome of a contract check: the spec operation matched (or allow-list entry) and what does not fit.</summary>
public sealed record ContractCheck(string? Operation, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;

    public override string ToString() => IsValid ? $"{Operation}: ok" : $"{Operation ?? "(no operation)"}: {string.Join("; ", Problems)}";
}

/// <summary>
/// Zoom's official OpenAPI specs (Zoom/Contract/Specs/*.json, see SOURCES.md there) as a contract: resolves a request to an operation and reports
/// unknown paths, query parameters and body fields; validates response bodies against the operation's response schema
/// with JsonSchema.Net (OpenAPI 3.0 <c>nullable</c> honoured, <c>$ref</c> inlined, <c>format</c> not enforced).
/// Calls no spec holds are on <see cref="ZoomContractAllowList"/> with the shapes Zoom's documentation gives.
/// </summary>
public sealed class ZoomOpenApiContract
{
    // Newest first: when several specs hold an operation, any one that accepts the call is enough.
    private static readonly string[] SpecFiles = ["ZoomUserAPISpec.json", "ZoomMeetingAPISpec.json", "ZoomAccountAPISpec.json"];
    private static readonly Lazy<ZoomOpenApiContract> Shared = new(() => new ZoomOpenApiContract(FindSpecFolder()));
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];
    private static readonly HashSet<string> OpenApiOnlyKeywords = new(StringComparer.Ordinal)
    {
        "nullable", "example", "examples", "extensions", "discriminator", "xml", "externalDocs", "format", "deprecated",
    };

    private readonly List<SpecOperation> _operations = [];
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);

    public static ZoomOpenApiContract Instance => Shared.Value;

    public string SpecFolder { get; }

    public ZoomOpenApiContract(string specFolder)
    {
        SpecFolder = specFolder;
        foreach (var file in SpecFiles)
        {
            var path = Path.Combine(specFolder, file);
            if (!File.Exists(path))
            {
                continue;
            }
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            foreach (var (template, item) in root["paths"]!.AsObject())
            {
                foreach (var method in Methods)
                {
                    if (item![method] is JsonObject op)
                    {
                        _operations.Add(new SpecOperation(file, method.ToUpperInvariant(), template, op, item["parameters"] as JsonArray, root));
                    }
                }
            }
        }
        if (_operations.Count == 0)
        {
            throw new InvalidOperationException($"No Zoom OpenAPI specs found in {specFolder}.");
        }
    }

    /// <summary>The specs committed in Zoom/Contract/Specs, copied next to the test binaries on build.</summary>
    public static string FindSpecFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Zoom", "Contract", "Specs");
        if (!File.Exists(Path.Combine(folder, "ZoomMeetingAPISpec.json")))
        {
            throw new DirectoryNotFoundException($"The Zoom OpenAPI specs were not found in {folder}; they are copied there from Portal.Tests/Zoom/Contract/Specs on build.");
        }
        return folder;
    }

    public int OperationCount => _operations.Count;

    /// <summary>Checks a request: path (full URL or path; everything up to /v2 is dropped), query names and JSON body field names.</summary>
    public ContractCheck CheckRequest(string method, string url, string? jsonBody = null, IEnumerable<string>? formFields = null)
    {
        var (path, query) = Split(url);
        method = method.ToUpperInvariant();
        if (ZoomContractAllowList.Find(method, path) is { } allowed)
        {
            var names = query.Concat(formFields ?? []).Where(n => !allowed.Parameters.Contains(n)).Select(n => $"unknown parameter '{n}'").ToList();
            return new ContractCheck(allowed.Name, names);
        }
        var candidates = Match(method, path);
        if (candidates.Count == 0)
        {
            return new ContractCheck(null, [$"no spec operation for {method} {path}"]);
        }
        var all = new List<string>();
        foreach (var op in candidates)
        {
            var problems = new List<string>();
            var known = op.QueryParameters();
            problems.AddRange(query.Where(q => !known.Contains(q)).Select(q => $"unknown query parameter '{q}'"));
            if (!string.IsNullOrWhiteSpace(jsonBody))
            {
                var schema = op.RequestSchema();
                if (schema is null)
                {
                    problems.Add("the operation takes no JSON body");
                }
                else
                {
                    problems.AddRange(UnknownFields(JsonNode.Parse(jsonBody), Resolve(op.Root, schema, 0), "").Select(f => $"unknown body field '{f}'"));
                }
            }
            if (problems.Count == 0)
            {
                return new ContractCheck(op.Name, []);
            }
            all.AddRange(problems.Select(p => $"[{op.Spec}] {p}"));
        }
        return new ContractCheck(candidates[0].Name, all.Distinct().ToList());
    }

    /// <summary>Checks a response: its status is documented (errors must be Zoom's {code, message}) and the body validates.</summary>
    public ContractCheck CheckResponse(string method, string url, int status, string? body)
    {
        var (path, _) = Split(url);
        method = method.ToUpperInvariant();
        if (ZoomContractAllowList.Find(method, path) is { } allowed)
        {
            return new ContractCheck(allowed.Name, ValidateAllowListed(allowed, status, body));
        }
        if (status >= 400)
        {
            return new ContractCheck($"{method} {path}", ValidateAgainst(ZoomContractAllowList.ZoomErrorSchema, "error", body));
        }
        var candidates = Match(method, path);
        if (candidates.Count == 0)
        {
            return new ContractCheck(null, [$"no spec operation for {method} {path}"]);
        }
        var all = new List<string>();
        foreach (var op in candidates)
        {
            var problems = ValidateOperationResponse(op, status, body);
            if (problems.Count == 0)
            {
                return new ContractCheck(op.Name, []);
            }
            all.AddRange(problems.Select(p => $"[{op.Spec}] {p}"));
        }
        return new ContractCheck(candidates[0].Name, all);
    }

    private List<string> ValidateOperationResponse(SpecOperation op, int status, string? body)
    {
        var responses = op.Operation["responses"] as JsonObject;
        var response = responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] as JsonObject;
        if (response is null)
        {
            return [$"status {status} is not documented (documented: {string.Join(", ", responses?.Select(r => r.Key) ?? [])})"];
        }
        var schemaNode = response["content"]?["application/json"]?["schema"];
        if (schemaNode is null)
        {
            return string.IsNullOrWhiteSpace(body) ? [] : [$"status {status} has no body in the spec, got one"];
        }
        if (string.IsNullOrWhiteSpace(body))
        {
            return [$"status {status} should have a JSON body"];
        }
        var key = $"{op.Spec}|{op.Method}|{op.Template}|{status}";
        var resolved = Resolve(op.Root, schemaNode, 0);
        var schema = _schemas.GetOrAdd(key, _ => Build(resolved));
        var problems = Validate(schema, body);
        var extras = ZoomContractAllowList.DocumentedExtraFields.GetValueOrDefault(op.Name) ?? new HashSet<string>();
        problems.AddRange(UnknownFields(JsonNode.Parse(body), resolved, "").Where(f => !extras.Contains(f)).Select(f => $"response field '{f}' is not in the spec"));
        return problems;
    }

    private static List<string> ValidateAllowListed(ZoomContractAllowList.Entry entry, int status, string? body)
    {
        if (entry.BodyKind == ZoomContractAllowList.BodyKind.None)
        {
            return entry.Statuses.Contains(status) ? [] : [$"status {status} is not expected for {entry.Name}"];
        }
        if (status >= 400)
        {
            return ValidateAgainst(entry.ErrorSchema ?? ZoomContractAllowList.ZoomErrorSchema, "error", body);
        }
        if (!entry.Statuses.Contains(status))
        {
            return [$"status {status} is not expected for {entry.Name}"];
        }
        return ValidateAgainst(entry.Schema!, entry.Name, body);
    }

    private static List<string> ValidateAgainst(JsonObject shape, string name, string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return [$"{name}: a JSON body was expected"];
        }
        var resolved = Transform(shape.DeepClone().AsObject());
        var problems = Validate(Build(resolved), body);
        problems.AddRange(UnknownFields(JsonNode.Parse(body), resolved, "").Select(f => $"field '{f}' is not in the allow-listed shape"));
        return problems;
    }

    private static JsonSchema Build(JsonNode schema) =>
        JsonSchema.Build(JsonSerializer.SerializeToElement(schema), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static List<string> Validate(JsonSchema schema, string body)
    {
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return [$"body is not JSON: {e.Message}"];
        }
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = false });
        if (result.IsValid)
        {
            return [];
        }
        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"))
            .Distinct()
            .Take(20)
            .DefaultIfEmpty("the body does not match the response schema")
            .ToList();
    }

    /// <summary>Instance properties the schema does not declare (only where the schema declares properties).</summary>
    internal static IEnumerable<string> UnknownFields(JsonNode? instance, JsonNode? schema, string at)
    {
        if (instance is null || schema is not JsonObject s)
        {
            yield break;
        }
        if (instance is JsonArray array)
        {
            var items = Items(s);
            if (items is null)
            {
                yield break;
            }
            foreach (var field in array.SelectMany(e => UnknownFields(e, items, at + "[]")).Distinct())
            {
                yield return field;
            }
            yield break;
        }
        if (instance is not JsonObject obj)
        {
            yield break;
        }
        var properties = Properties(s);
        if (properties is null)
        {
            yield break;
        }
        foreach (var (name, value) in obj)
        {
            var path = at.Length == 0 ? name : $"{at}.{name}";
            if (!properties.TryGetValue(name, out var child))
            {
                yield return path;
                continue;
            }
            foreach (var field in UnknownFields(value, child, path))
            {
                yield return field;
            }
        }
    }

    /// <summary>Declared properties, merged across allOf/oneOf/anyOf; null when the schema is free-form.</summary>
    private static Dictionary<string, JsonNode?>? Properties(JsonObject schema)
    {
        Dictionary<string, JsonNode?>? result = null;
        if (schema["properties"] is JsonObject props)
        {
            result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var (k, v) in props)
            {
                result[k] = v;
            }
        }
        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (schema[combinator] is not JsonArray parts)
            {
                continue;
            }
            foreach (var part in parts.OfType<JsonObject>())
            {
                var inner = Properties(part);
                if (inner is null)
                {
                    if (combinator != "allOf")
                    {
                        return null;
                    }
                    continue;
                }
                result ??= new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                foreach (var (k, v) in inner)
                {
                    result.TryAdd(k, v);
                }
            }
        }
        if (result is not null && schema["additionalProperties"] is { } extra && extra.GetValueKind() != JsonValueKind.False)
        {
            return null;
        }
        return result;
    }

    private static JsonObject? Items(JsonObject schema)
    {
        if (schema["items"] is JsonObject items)
        {
            return items;
        }
        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
        {
            if (schema[combinator] is JsonArray parts && parts.OfType<JsonObject>().Select(Items).FirstOrDefault(i => i is not null) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>An OpenAPI 3.0 schema as plain JSON Schema: $ref inlined, nullable as a "null" type, OpenAPI-only keywords dropped, oneOf as anyOf.</summary>
    private static JsonObject Resolve(JsonObject root, JsonNode schema, int depth)
    {
        var clone = schema.DeepClone().AsObject();
        return Transform(InlineRefs(root, clone, depth).AsObject());
    }

    private static JsonNode InlineRefs(JsonObject root, JsonNode node, int depth)
    {
        if (node is JsonObject obj)
        {
            if (obj["$ref"]?.GetValue<string>() is { } reference)
            {
                if (depth > 12 || !reference.StartsWith("#/", StringComparison.Ordinal))
                {
                    return new JsonObject();
                }
                JsonNode? target = root;
                foreach (var part in reference[2..].Split('/'))
                {
                    target = target?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
                }
                return target is null ? new JsonObject() : InlineRefs(root, target.DeepClone(), depth + 1);
            }
            var copy = new JsonObject();
            foreach (var (k, v) in obj)
            {
                copy[k] = v is null ? null : InlineRefs(root, v.DeepClone(), depth);
            }
            return copy;
        }
        if (node is JsonArray array)
        {
            return new JsonArray(array.Select(e => e is null ? null : InlineRefs(root, e.DeepClone(), depth)).ToArray());
        }
        return node.DeepClone();
    }

    private static JsonObject Transform(JsonObject schema)
    {
        var result = new JsonObject();
        var nullable = schema["nullable"]?.GetValueKind() == JsonValueKind.True;
        foreach (var (key, value) in schema)
        {
            if (OpenApiOnlyKeywords.Contains(key) || key.StartsWith("x-", StringComparison.Ordinal) || value is null)
            {
                continue;
            }
            switch (key)
            {
                case "properties" when value is JsonObject props:
                    var mapped = new JsonObject();
                    foreach (var (name, child) in props)
                    {
                        mapped[name] = child is JsonObject c ? Transform(c) : child?.DeepClone();
                    }
                    result[key] = mapped;
                    break;
                case "items" or "additionalProperties" or "not" when value is JsonObject sub:
                    result[key] = Transform(sub);
                    break;
                case "allOf" or "anyOf" or "oneOf" when value is JsonArray parts:
                    // Zoom's oneOf alternatives overlap (no additionalProperties: false), so exactly-one would reject valid bodies.
                    result[key == "oneOf" ? "anyOf" : key] = new JsonArray(parts.Select(p => p is JsonObject o ? (JsonNode)Transform(o) : p?.DeepClone()).ToArray());
                    break;
                default:
                    result[key] = value.DeepClone();
                    break;
            }
        }
        if (nullable)
        {
            if (result["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String)
            {
                result["type"] = new JsonArray(t.GetValue<string>(), "null");
            }
            if (result["enum"] is JsonArray e && !e.Any(x => x is null))
            {
                e.Add(null);
            }
            foreach (var combinator in new[] { "allOf", "anyOf" })
            {
                if (result[combinator] is JsonArray)
                {
                    var inner = result.DeepClone().AsObject();
                    result = new JsonObject { ["anyOf"] = new JsonArray(inner, new JsonObject { ["type"] = "null" }) };
                    break;
                }
            }
        }
        return result;
    }

    private static (string Path, List<string> Query) Split(string url)
    {
        string path;
        string query;
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            path = absolute.AbsolutePath;
            query = absolute.Query;
        }
        else
        {
            var q = url.IndexOf('?', StringComparison.Ordinal);
            path = q >= 0 ? url[..q] : url;
            query = q >= 0 ? url[q..] : "";
        }
        var v2 = path.IndexOf("/v2/", StringComparison.Ordinal);
        if (v2 >= 0)
        {
            path = path[(v2 + 3)..];
        }
        else
        {
            foreach (var marker in new[] { "/oauth/", "/rec/download/" })
            {
                var at = path.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0)
                {
                    path = path[at..];
                    break;
                }
            }
        }
        var names = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Uri.UnescapeDataString(p.Split('=')[0]))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return ("/" + path.Trim('/'), names);
    }

    /// <summary>Operations whose template matches the (still encoded) path, most literal segments first.</summary>
    private List<SpecOperation> Match(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        return _operations
            .Where(o => o.Method == method)
            .Select(o => (Op: o, Score: o.Score(segments)))
            .Where(x => x.Score >= 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => Array.IndexOf(SpecFiles, x.Op.Spec))
            .GroupBy(x => x.Score)
            .FirstOrDefault()?
            .Select(x => x.Op)
            .ToList() ?? [];
    }

    private sealed record SpecOperation(string Spec, string Method, string Template, JsonObject Operation, JsonArray? PathParameters, JsonObject Root)
    {
        private readonly string[] _segments = Template.Trim('/').Split('/');

        public string Name => $"{Method} {Template}";

        public int Score(string[] segments)
        {
            if (segments.Length != _segments.Length)
            {
                return -1;
            }
            var score = 0;
            for (var i = 0; i < segments.Length; i++)
            {
                if (_segments[i].StartsWith('{'))
                {
                    if (segments[i].Length == 0)
                    {
                        return -1;
                    }
                }
                else if (string.Equals(_segments[i], segments[i], StringComparison.Ordinal))
                {
                    score++;
                }
                else
                {
                    return -1;
                }
            }
            return score;
        }

        public HashSet<string> QueryParameters()
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in (Operation["parameters"] as JsonArray ?? []).Concat(PathParameters ?? []).OfType<JsonObject>())
            {
                var resolved = p["$ref"] is not null ? InlineRefs(Root, p, 0).AsObject() : p;
                if (resolved["in"]?.GetValue<string>() == "query" && resolved["name"]?.GetValue<string>() is { } name)
                {
                    names.Add(name);
                }
            }
            return names;
        }

        public JsonNode? RequestSchema() => Operation["requestBody"]?["content"]?["application/json"]?["schema"];
    }
}
