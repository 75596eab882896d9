namespace Portal.Core.Identity;

/// <summary>Who is acting right now: the signed-in person, or the system for background jobs.</summary>
public interface ICurrentActor
{
    Task<Actor> GetAsync();
}

public sealed record Actor(string Name, string? ObjectId, string? Email, IReadOnlySet<string> Roles)
{
    public static readonly Actor System = new("system", null, null, new HashSet<string>());

    /// <summary>Entra ID tenant (tid) of the signed-in person, when known.</summary>
    public string? TenantId { get; init; }

    public bool IsSystem => ObjectId is null && Name == "system";
    public bool IsInRole(string role) => Roles.Contains(role);
    public bool IsAdminOrDirector => IsInRole(Identity.Roles.Admin) || IsInRole(Identity.Roles.Director);
}

public sealed class SystemActor : ICurrentActor
{
    public Task<Actor> GetAsync() => Task.FromResult(Actor.System);
}
