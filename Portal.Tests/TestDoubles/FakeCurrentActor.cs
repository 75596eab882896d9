using Portal.Auth;
using Portal.Core.Identity;

namespace Portal.Tests.TestDoubles;

public sealed class FakeCurrentActor(Actor actor) : ICurrentActor
{
    public Actor Actor { get; set; } = actor;

    public Task<Actor> GetAsync() => Task.FromResult(Actor);

    /// <summary>Acts as someone else from now on: one role, an e-mail and a name.</summary>
    public void Set(string role, string email, string name = "Someone") =>
        Actor = new Actor(name, $"oid-{email}", email, new HashSet<string> { role });

    /// <summary>The development sign-in's demo person: "admin", "director", "teacher" or "teacher2".</summary>
    public static FakeCurrentActor For(string key)
    {
        var user = DevelopmentUsers.All.Single(u => u.Key == key);
        return new FakeCurrentActor(new Actor(user.Name, $"dev-{user.Key}", user.Email, new HashSet<string> { user.Role }));
    }
}
