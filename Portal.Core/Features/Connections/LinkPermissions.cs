namespace Portal.Core.Features.Connections;

/// <summary>Granted OAuth scopes in plain words, for the administrator who linked an account.</summary>
public static class LinkPermissions
{
    public sealed record Permission(string Name, string UsedFor, bool Granted, bool AccountWide);

    private sealed record Area(string Name, string UsedFor, string[] Prefixes);

    private static readonly Area[] s_areas =
    [
        new("Users: read", "see teachers' Zoom users and licence types", ["user:read"]),
        new("Users: write", "invite teachers and change their licence type", ["user:write", "user:update:user"]),
        new("Meetings: read", "past meeting details and fresh start links", ["meeting:read"]),
        new("Meetings: write", "create and start meetings for teachers", ["meeting:write"]),
        new("Recordings: read", "list and play recordings for classrooms", ["recording:read", "cloud_recording:read"]),
        new("Recordings: write", "delete recordings to free storage", ["recording:write", "cloud_recording:delete", "cloud_recording:update"]),
        new("Account: read (admin)", "licence counts, storage and usage figures", ["account:read", "billing:read", "report:read", "user:read:summary"]),
    ];

    public static IReadOnlyList<Permission> Describe(IReadOnlySet<string> granted) =>
        s_areas.Select(a =>
        {
            var matching = granted.Where(s => a.Prefixes.Any(p => s.StartsWith(p, StringComparison.Ordinal))).ToList();
            return new Permission(a.Name, a.UsedFor, matching.Count > 0,
                matching.Any(s => s.EndsWith(":admin", StringComparison.Ordinal) || s.EndsWith(":master", StringComparison.Ordinal)));
        }).ToList();

    /// <summary>Features that need the whole account and are switched off when the scopes only cover the linking user.</summary>
    public static readonly IReadOnlyList<string> AccountWideFeatures =
        AccountWideAccess.All.Select(f => $"{AccountWideAccess.Name(f)}: {AccountWideAccess.Why(f)}").ToList();
}
