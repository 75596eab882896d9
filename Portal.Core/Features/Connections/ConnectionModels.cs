using Portal.Core.Zoom;

namespace Portal.Core.Features.Connections;

/// <summary>One scope need of <see cref="ZoomScopes.Needs"/> checked against what a token was granted.</summary>
public sealed record ScopeCheck(ZoomScopes.ScopeNeed Need, bool Met, IReadOnlyList<string> MissingClassic, IReadOnlyList<string> MissingGranular)
{
    public static IReadOnlyList<ScopeCheck> Evaluate(IReadOnlySet<string> granted) =>
        ZoomScopes.Needs.Select(n => new ScopeCheck(n, n.IsMetBy(granted),
            n.Classic.Where(s => !granted.Contains(s)).ToList(),
            n.Granular.Where(s => !granted.Contains(s)).ToList())).ToList();

    /// <summary>The missing names in the style the app uses (granular apps get granular names).</summary>
    public IReadOnlyList<string> Missing(bool granularStyle) => granularStyle ? MissingGranular : MissingClassic;

    public static bool UsesGranularScopes(IReadOnlySet<string> granted) => granted.Count == 0 || granted.Any(IsGranular);

    private static bool IsGranular(string scope)
    {
        var parts = scope.Split(':');
        var count = parts[^1] is "admin" or "master" ? parts.Length - 1 : parts.Length;
        return count >= 3;
    }
}

/// <summary>The outcome of a live check of a connection's credentials.</summary>
public sealed record VerificationResult
{
    public required bool TokenIssued { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>What went wrong, in plain words (null when the token was issued).</summary>
    public string? Problem { get; init; }

    /// <summary>What to fix.</summary>
    public string? Advice { get; init; }

    /// <summary>Zoom's OAuth <c>error</c> and <c>reason</c>, exactly as they came.</summary>
    public string? ZoomError { get; init; }
    public string? ZoomReason { get; init; }

    public IReadOnlySet<string> GrantedScopes { get; init; } = new HashSet<string>();
    public IReadOnlyList<ScopeCheck> Scopes { get; init; } = [];
    public int? UserCount { get; init; }
    public string? UserCountNote { get; init; }
    public int? LicencesPurchased { get; init; }
    public int? LicencesAssigned { get; init; }
    public string? StorageSummary { get; init; }
    public string? UsageNote { get; init; }

    /// <summary>A link whose scopes cover only the user who approved it: the account-wide needs are expectedly unmet.</summary>
    public bool UserLevelOnly { get; init; }

    /// <summary>The connection that already holds the Zoom account of these credentials (the wizard then offers replace or cancel).</summary>
    public AccountHolder? AlreadyConnectedAs { get; init; }

    public bool RequiredScopesMet => TokenIssued && Scopes.Where(s => s.Need.Required).All(s => s.Met);
    public IReadOnlyList<ScopeCheck> MissingRequired => Scopes.Where(s => s.Need.Required && !s.Met).ToList();
    public IReadOnlyList<ScopeCheck> MissingOptional => Scopes.Where(s => !s.Need.Required && !s.Met).ToList();
    public bool Passed => TokenIssued && (RequiredScopesMet || UserLevelOnly);

    /// <summary>The one-line health message stored on the connection.</summary>
    public string? HealthError => !TokenIssued
        ? $"{Problem} {Advice}".Trim()
        : MissingRequired.Count > 0 && !UserLevelOnly
            ? "Missing required scopes: " + string.Join(", ", MissingRequired.SelectMany(s => s.Missing(ScopeCheck.UsesGranularScopes(GrantedScopes))))
            : null;
}

public sealed record ConnectionListItem(
    int Id,
    string Name,
    ConnectionKind Kind,
    string? AccountId,
    bool ManagedByConfiguration,
    bool Disabled,
    string? DisabledReason,
    DateTimeOffset? LastVerifiedAt,
    string? LastError,
    string? LinkedByEmail,
    bool AccountWide,
    ConnectionHealthReport Health)
{

    public string KindText => Kind == ConnectionKind.ServerToServer ? "Server-to-Server OAuth app" : "Linked through Zoom sign-in";
}

public sealed record ConnectionDetails(
    ConnectionListItem Summary,
    string? ClientId,
    string Slug,
    IReadOnlySet<string> GrantedScopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastErrorAt,
    bool HasWebhookSecretToken,
    DateTimeOffset? AccessTokenExpiresAt,
    DateTimeOffset? RefreshTokenObtainedAt,
    string? LinkedByZoomUserId)
{
    public IReadOnlyList<ScopeCheck> Scopes => ScopeCheck.Evaluate(GrantedScopes);

    public AccountHolder Holder => new(Summary.Id, Summary.Name, Summary.Kind, Summary.AccountId ?? "", ClientId, Summary.LinkedByEmail,
        Summary.ManagedByConfiguration, Summary.AccountWide);
    public bool CanEdit => !Summary.ManagedByConfiguration;

    /// <summary>Configuration-managed connections can be deleted only once configuration no longer provides them.</summary>
    public bool CanDelete => !Summary.ManagedByConfiguration || Summary.Disabled;
}

/// <summary>What depends on a connection, shown before it is deleted or unlinked.</summary>
public sealed record ConnectionDependencies(
    int StaffMembers,
    int UpcomingSessions,
    int PastSessions,
    int ZoomUserSnapshots,
    int StaffMappings,
    int UsageSnapshots,
    int SyncRuns,
    int WebhookEvents,
    int RecordingShares = 0)
{
    public int CachedZoomData => ZoomUserSnapshots + StaffMappings + UsageSnapshots + SyncRuns + WebhookEvents;
}

/// <summary>The result of a change: success, or a message for the administrator.</summary>
public sealed record ConnectionResult(bool Succeeded, string? Message = null, VerificationResult? Verification = null, int? ConnectionId = null)
{
    public static ConnectionResult Ok(int? id = null, string? message = null, VerificationResult? verification = null) => new(true, message, verification, id);
    public static ConnectionResult Fail(string message, VerificationResult? verification = null) => new(false, message, verification);
}
