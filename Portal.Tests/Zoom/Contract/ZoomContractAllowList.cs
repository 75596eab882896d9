using System.Text.Json.Nodes;

namespace Portal.Tests.Zoom.Contract;

/// <summary>
/// Calls none of the committed specs (Specs/SOURCES.md) holds, with the shapes Zoom's documentation gives: plan usage (the Billing
/// API, whose spec is not public), OAuth token/revoke/authorize (Zoom's OAuth pages), recording downloads (download_url
/// answers with a redirect to storage). Also Zoom's REST error body {code, message, errors[]}.
/// </summary>
public static class ZoomContractAllowList
{
    public enum BodyKind
    {
        Json,
        None,
    }

    public sealed record Entry(string Name, string Method, string PathPrefix, bool PrefixOnly, IReadOnlySet<string> Parameters,
        BodyKind BodyKind, IReadOnlySet<int> Statuses, JsonObject? Schema, JsonObject? ErrorSchema);

    public static readonly JsonObject ZoomErrorSchema = Parse("""
        {"type":"object","required":["code","message"],"properties":{
          "code":{"type":"integer"},"message":{"type":"string"},
          "errors":{"type":"array","items":{"type":"object","properties":{"field":{"type":"string"},"message":{"type":"string"}}}}}}
        """);

    public static readonly JsonObject OAuthErrorSchema = Parse("""
        {"type":"object","required":["error"],"properties":{"reason":{"type":"string"},"error":{"type":"string"}}}
        """);

    private static readonly JsonObject Plan = Parse("""
        {"type":"object","properties":{"type":{"type":"string"},"hosts":{"type":"integer"},"usage":{"type":"integer"},
          "pending":{"type":"integer"},"active_hosts":{"type":"integer"}}}
        """);

    private static readonly HashSet<int> Ok = [200];

    public static readonly IReadOnlyList<Entry> Entries =
    [
        new("GET /accounts/{accountId}/plans/usage (Billing API)", "GET", "/accounts/{accountId}/plans/usage", false,
            new HashSet<string>(), BodyKind.Json, Ok,
            Parse("""
                {"type":"object","properties":{
                  "plan_base":PLAN,
                  "plan_zoom_one":{"type":"array","items":PLAN},
                  "plan_united":PLAN,
                  "plan_webinar":{"type":"array","items":PLAN},
                  "plan_large_meeting":{"type":"array","items":PLAN},
                  "plan_zoom_rooms":PLAN,
                  "plan_zoom_events":{"type":"array","items":PLAN},
                  "plan_recording":{"type":"object","properties":{"type":{"type":"string"},
                    "free_storage":{"type":"string"},"free_storage_usage":{"type":"string"},
                    "plan_storage":{"type":"string"},"plan_storage_usage":{"type":"string"},
                    "plan_storage_exceed":{"type":"string"},"max_exceed_date":{"type":"string"}}}}}
                """.Replace("PLAN", Plan.ToJsonString(), StringComparison.Ordinal)), null),
        new("POST /oauth/token (Server-to-Server and user OAuth)", "POST", "/oauth/token", false,
            new HashSet<string> { "grant_type", "account_id", "code", "redirect_uri", "code_verifier", "refresh_token" },
            BodyKind.Json, Ok,
            Parse("""
                {"type":"object","required":["access_token","token_type","expires_in","scope"],"properties":{
                  "access_token":{"type":"string"},"token_type":{"type":"string","enum":["bearer"]},
                  "refresh_token":{"type":"string"},"expires_in":{"type":"integer"},"scope":{"type":"string"},"api_url":{"type":"string"}}}
                """), OAuthErrorSchema),
        new("POST /oauth/revoke (user OAuth)", "POST", "/oauth/revoke", false, new HashSet<string> { "token" }, BodyKind.Json, Ok,
            Parse("""{"type":"object","required":["status"],"properties":{"status":{"type":"string","enum":["success"]}}}"""), OAuthErrorSchema),
        new("GET /oauth/authorize (user OAuth, a browser page)", "GET", "/oauth/authorize", false,
            new HashSet<string> { "response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method" },
            BodyKind.None, new HashSet<int> { 200, 302 }, null, null),
        new("GET download_url (a redirect to storage)", "GET", "/rec/download/", true,
            new HashSet<string>(), BodyKind.None, new HashSet<int> { 200, 206, 302 }, null, null),
    ];

    /// <summary>Response fields the spec's schema omits but Zoom's API reference documents (real responses carry them).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> DocumentedExtraFields = new Dictionary<string, IReadOnlySet<string>>
    {
        // Zoom's reference for Create a meeting: the 201 response has "id","uuid","host_id",... (the 2023 spec's 201 schema lists neither uuid nor host_id).
        ["POST /users/{userId}/meetings"] = new HashSet<string> { "uuid", "host_id", "status" },
    };

    public static Entry? Find(string method, string path) => Entries.FirstOrDefault(e => e.Method == method && Matches(e, path));

    private static bool Matches(Entry entry, string path)
    {
        if (entry.PrefixOnly)
        {
            return path.StartsWith(entry.PathPrefix, StringComparison.Ordinal);
        }
        var a = entry.PathPrefix.Trim('/').Split('/');
        var b = path.Trim('/').Split('/');
        return a.Length == b.Length && a.Zip(b).All(p => p.First.StartsWith('{') || p.First == p.Second);
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
