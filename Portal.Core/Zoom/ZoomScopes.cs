namespace Portal.Core.Zoom;

/// <summary>The scope sets the portal needs (the Connections page shows this table): any one of the alternatives per need is enough.</summary>
public static class ZoomScopes
{
    public sealed record ScopeNeed(string Feature, bool Required, IReadOnlyList<string> Classic, IReadOnlyList<string> Granular)
    {
        public bool IsMetBy(IReadOnlySet<string> granted) =>
            Classic.All(granted.Contains) || Granular.All(granted.Contains);
    }

    public static readonly IReadOnlyList<ScopeNeed> Needs =
    [
        new("Read the account's users (staff mapping)", true, ["user:read:admin"], ["user:read:list_users:admin", "user:read:user:admin"]),
        new("Read meetings (start links, session checks)", true, ["meeting:read:admin"], ["meeting:read:meeting:admin"]),
        new("Create and change meetings (sessions)", true, ["meeting:write:admin"], ["meeting:write:meeting:admin"]),
        new("Invite users, change licences and user settings", false, ["user:write:admin"], ["user:write:user:admin", "user:update:user:admin"]),
        new("Recordings (list, play, download)", false, ["recording:read:admin"], ["cloud_recording:read:list_user_recordings:admin", "cloud_recording:read:list_recording_files:admin"]),
        new("Storage clean-up (delete and recover recordings)", false, ["recording:write:admin"], ["cloud_recording:delete:recording_file:admin"]),
        new("Licence and storage figures", false, ["account:read:admin"], ["billing:read:plan_usage:admin", "user:read:summary:admin"]),
        new("Storage history from Zoom", false, ["report:read:admin"], ["report:read:cloud_recording:admin"]),
        new("Session outcomes from Zoom's meeting reports (without: outcomes from webhooks only)", false, ["meeting:read:admin"],
            ["meeting:read:past_meeting:admin", "meeting:read:list_past_participants:admin", "meeting:read:list_past_instances:admin"]),
    ];

    /// <summary>The features (as named in <see cref="Needs"/>) that need any of these scopes, in the table's order.</summary>
    public static IReadOnlyList<string> FeaturesOf(IEnumerable<string> scopes)
    {
        var wanted = scopes.ToHashSet(StringComparer.Ordinal);
        return Needs.Where(n => n.Classic.Concat(n.Granular).Any(wanted.Contains)).Select(n => n.Feature).ToList();
    }

    public static bool AreAccountWide(string grantedScopes) =>
        grantedScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(s => s.EndsWith(":admin", StringComparison.Ordinal));
}
