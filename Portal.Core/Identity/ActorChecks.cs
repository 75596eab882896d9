namespace Portal.Core.Identity;

/// <summary>
/// The role checks of services that read or change account-wide data. The system (background jobs, start-up) passes;
/// a refusal is an <see cref="UnauthorizedAccessException"/>, as in the staff services.
/// </summary>
public static class ActorChecks
{
    public static async Task<Actor> RequireAdminAsync(this ICurrentActor current, string refusal)
    {
        var actor = await current.GetAsync();
        return actor.IsSystem || actor.IsInRole(Roles.Admin) ? actor : throw new UnauthorizedAccessException(refusal);
    }

    public static async Task<Actor> RequireDirectorAsync(this ICurrentActor current, string refusal)
    {
        var actor = await current.GetAsync();
        return actor.IsSystem || actor.IsAdminOrDirector ? actor : throw new UnauthorizedAccessException(refusal);
    }

    /// <summary>Anyone holding one of the portal's roles.</summary>
    public static async Task<Actor> RequireStaffAsync(this ICurrentActor current, string refusal)
    {
        var actor = await current.GetAsync();
        return actor.IsSystem || Roles.All.Any(actor.IsInRole) ? actor : throw new UnauthorizedAccessException(refusal);
    }
}
