using Portal.Core.Zoom;

namespace Portal.Core.Features.Staff;

public sealed record MatchStaff(int Id, string Name, string Email, string Aliases);

public sealed record MatchResult(int StaffMemberId, MappingStatus Status, string Reason, MappingFix Fix, ZoomUser? User);

public sealed record MatchOutcome(IReadOnlyList<MatchResult> Results, IReadOnlyDictionary<string, int> StaffByUserKey);

/// <summary>
/// Matches roster members to one Zoom account's users: e-mail (trimmed, case-insensitive), aliases and, for single
/// sign-on institutions, username + a fixed domain. Pure: no database, no Zoom.
/// </summary>
public static class StaffMatcher
{
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Pending users may come without an id, so they are keyed by e-mail.</summary>
    public static string UserKey(ZoomUser user) =>
        string.IsNullOrWhiteSpace(user.Id) ? "email:" + Normalize(user.Email) : "id:" + user.Id;

    public static IReadOnlyList<string> ParseAliases(string? aliases) =>
        string.IsNullOrWhiteSpace(aliases)
            ? []
            : aliases.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Normalize).Where(a => a.Length > 0).Distinct().ToList();

    /// <param name="staff">Active members of the connection.</param>
    /// <param name="users">Every user of the connection's account (active, pending, inactive).</param>
    /// <param name="usernameDomain">The connection's <c>UsernameMatchDomain</c>, e.g. "univ.edu", or null.</param>
    /// <param name="connectionName">Shown in reasons.</param>
    /// <param name="otherAccounts">Normalized e-mail to the name of another connection whose account has that user.</param>
    public static MatchOutcome Match(
        IReadOnlyList<MatchStaff> staff,
        IEnumerable<ZoomUser> users,
        string? usernameDomain,
        string connectionName,
        IReadOnlyDictionary<string, string>? otherAccounts = null)
    {
        var byEmail = new Dictionary<string, ZoomUser>(StringComparer.Ordinal);
        foreach (var u in users)
        {
            var key = Normalize(u.Email);
            if (key.Length == 0)
            {
                continue;
            }
            if (!byEmail.TryGetValue(key, out var existing) || Rank(u) < Rank(existing))
            {
                byEmail[key] = u;
            }
        }
        var domain = string.IsNullOrWhiteSpace(usernameDomain) ? null : usernameDomain.Trim().TrimStart('@').ToLowerInvariant();

        var tentative = new List<(MatchStaff Staff, ZoomUser? User, string How, string? ConflictReason)>(staff.Count);
        foreach (var s in staff)
        {
            var email = Normalize(s.Email);
            var aliases = ParseAliases(s.Aliases).Where(a => a != email).ToList();
            byEmail.TryGetValue(email, out var byOwnEmail);

            var others = new List<(string Address, ZoomUser User, string How)>();
            foreach (var alias in aliases)
            {
                if (byEmail.TryGetValue(alias, out var u))
                {
                    others.Add((alias, u, $"alias {alias}"));
                }
            }
            if (domain is not null)
            {
                foreach (var address in aliases.Prepend(email))
                {
                    var at = address.IndexOf('@', StringComparison.Ordinal);
                    var candidate = (at > 0 ? address[..at] : address) + "@" + domain;
                    if (candidate != email && !aliases.Contains(candidate) && byEmail.TryGetValue(candidate, out var u))
                    {
                        others.Add((candidate, u, $"username + domain {candidate}"));
                    }
                }
            }

            var primary = byOwnEmail ?? others.FirstOrDefault().User;
            var how = byOwnEmail is not null ? "e-mail" : others.FirstOrDefault().How ?? "";
            string? conflict = null;
            if (primary is not null)
            {
                var different = others.FirstOrDefault(o => UserKey(o.User) != UserKey(primary));
                if (different.User is not null)
                {
                    conflict = byOwnEmail is not null
                        ? $"The e-mail matches Zoom user {primary.Email}, but {different.How} matches a different Zoom user ({different.User.Email})."
                        : $"{how} matches Zoom user {primary.Email}, but {different.How} matches a different one ({different.User.Email}).";
                }
            }
            tentative.Add((s, primary, how, conflict));
        }

        var claims = tentative.Where(t => t.User is not null)
            .GroupBy(t => UserKey(t.User!))
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Select(t => t.Staff).ToList());

        var results = new List<MatchResult>(tentative.Count);
        var staffByUser = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (s, user, how, aliasConflict) in tentative)
        {
            if (user is null)
            {
                results.Add(NotFound(s, connectionName, otherAccounts));
                continue;
            }
            var key = UserKey(user);
            staffByUser.TryAdd(key, s.Id);
            if (claims.TryGetValue(key, out var sharers))
            {
                var names = string.Join(", ", sharers.Where(o => o.Id != s.Id).Select(o => $"{o.Name} ({o.Email})"));
                results.Add(new MatchResult(s.Id, MappingStatus.Conflict,
                    $"Zoom user {user.Email} is also matched by {names}; one Zoom user cannot be two staff members.",
                    MappingFix.ResolveConflict, user));
                continue;
            }
            if (aliasConflict is not null)
            {
                results.Add(new MatchResult(s.Id, MappingStatus.Conflict, aliasConflict, MappingFix.ResolveConflict, user));
                continue;
            }
            results.Add(FromUser(s, user, how));
        }
        return new MatchOutcome(results, staffByUser);
    }

    private static int Rank(ZoomUser u) => u.Status switch
    {
        ZoomUserStatus.Active => 0,
        ZoomUserStatus.Pending => 1,
        _ => 2,
    };

    private static MatchResult NotFound(MatchStaff s, string connectionName, IReadOnlyDictionary<string, string>? otherAccounts)
    {
        if (otherAccounts is not null)
        {
            foreach (var address in ParseAliases(s.Aliases).Prepend(Normalize(s.Email)))
            {
                if (otherAccounts.TryGetValue(address, out var other))
                {
                    return new MatchResult(s.Id, MappingStatus.InAnotherAccount,
                        $"Not in {connectionName}, but {address} is a user of the account behind '{other}'.", MappingFix.ChangeConnection, null);
                }
            }
        }
        var aliases = ParseAliases(s.Aliases).Count > 0 ? " or any alias" : "";
        return new MatchResult(s.Id, MappingStatus.NotInZoom,
            $"No user with this e-mail{aliases} in {connectionName} (active, pending or deactivated).", MappingFix.Invite, null);
    }

    private static MatchResult FromUser(MatchStaff s, ZoomUser user, string how)
    {
        var (status, reason, fix) = user.Status switch
        {
            ZoomUserStatus.Pending => (MappingStatus.Pending, "Invited to Zoom; has not activated the account yet.", MappingFix.Recheck),
            ZoomUserStatus.Inactive => (MappingStatus.Deactivated, "Deactivated in Zoom: cannot sign in or host.", MappingFix.ReactivateInZoom),
            _ => user.Type switch
            {
                (int)ZoomUserType.Licensed => (MappingStatus.Ready, "Licensed and active in Zoom.", MappingFix.None),
                (int)ZoomUserType.Basic => (MappingStatus.Basic, "Active but unlicensed (Basic): meetings end after 40 minutes.", MappingFix.AssignLicence),
                _ => (MappingStatus.CannotHost, $"Active, but Zoom user type {user.Type} cannot host meetings.", MappingFix.AssignLicence),
            },
        };
        if (how != "e-mail")
        {
            reason += $" Matched through {how}.";
        }
        else if (!string.Equals(user.Email.Trim(), s.Email.Trim(), StringComparison.Ordinal))
        {
            reason += $" Zoom has the address as {user.Email.Trim()}: a case-only difference, matched anyway.";
        }
        return new MatchResult(s.Id, status, reason, fix, user);
    }
}

public static class MappingTexts
{
    public static string Label(MappingStatus status) => status switch
    {
        MappingStatus.Ready => "Ready",
        MappingStatus.Basic => "Basic",
        MappingStatus.CannotHost => "Cannot host",
        MappingStatus.Pending => "Pending",
        MappingStatus.Deactivated => "Deactivated",
        MappingStatus.NotInZoom => "Not in Zoom",
        MappingStatus.InAnotherAccount => "In another account",
        MappingStatus.Conflict => "Conflict",
        _ => "Not checked",
    };

    /// <summary>Zoom's user status in the words the portal's status labels use ("inactive" is "Deactivated").</summary>
    public static string ZoomStatus(ZoomUserStatus status) => status switch
    {
        ZoomUserStatus.Pending => "Pending",
        ZoomUserStatus.Inactive => "Deactivated",
        _ => "Active",
    };

    /// <summary>A stored Zoom status ("active", "pending", "inactive"), or none: not in Zoom.</summary>
    public static string ZoomStatus(string? stored) => stored switch
    {
        null or "" => "Not in Zoom",
        "pending" => "Pending",
        "inactive" => "Deactivated",
        "active" => "Active",
        var other => other,
    };

    public static string Describe(MappingFix fix) => fix switch
    {
        MappingFix.Invite => "Invite to Zoom",
        MappingFix.AssignLicence => "Assign a licence",
        MappingFix.Recheck => "Re-check after they accept the invitation",
        MappingFix.ResolveConflict => "Edit the e-mail or aliases so only one member matches",
        MappingFix.ChangeConnection => "Move the member to the other connection",
        MappingFix.ReactivateInZoom => "Reactivate the user in Zoom's admin console, then re-check",
        MappingFix.Sync => "Run Sync now",
        _ => "Nothing to do",
    };
}
