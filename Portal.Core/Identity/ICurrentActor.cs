namespace Portal.Core.Identity;

/// <summary>
/// Who is acting right now: the signed-in person; <see cref="Actor.Anonymous"/> in a request or page with nobody signed in;
/// <see cref="Actor.System"/> only for work that no request or page started (background jobs, start-up).
/// </summary>
public interface ICurrentActor
{
    Task<Actor> GetAsync();
}

public sealed record Actor(string Name, string? ObjectId, string? Email, IReadOnlySet<string> Roles)
{
    public static readonly Actor System = new("system", null, null, new HashSet<string>()) { IsSystem = true };

    /// <summary>A request or page with nobody signed in: no role, so every role check refuses it.</summary>
    public static readonly Actor Anonymous = new("anonymous", null, null, new HashSet<string>());

    /// <summary>Entra ID tenant (tid) of the signed-in person, when known.</summary>
    public string? TenantId { get; init; }

    /// <summary>Only <see cref="System"/>: never derived from a name or a missing claim.</summary>
    public bool IsSystem { get; private init; }

    public bool IsInRole(string role) => Roles.Contains(role);
    public bool IsAdminOrDirector => IsInRole(Identity.Roles.Admin) || IsInRole(Identity.Roles.Director);
}

public sealed class SystemActor : ICurrentActor
{
    public Task<Actor> GetAsync() => Task.FromResult(Actor.System);
}
