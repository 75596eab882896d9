using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Auth;
using Portal.Components.Layout;
using Portal.Core.Data;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components;

public sealed class NavMenuTests : PortalComponentTest
{
    private static readonly string[] s_mine = ["/sessions/mine", "/recordings/mine", "/staff/me"];
    private static readonly string[] s_director = ["/staff", "/sessions", "/reports/attendance", "/dashboards", "/recordings/cleanup", "/audit"];
    private static readonly string[] s_admin = ["/connections", "/webhooks", "/jobs", "/outbox", "/settings/email"];
    private const string Preferences = "/notifications";

    private readonly TestDatabase _database = new();

    public NavMenuTests()
    {
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(_database);
        Services.AddScoped<IStaffRosterCheck, StaffRosterCheck>();
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    public static TheoryData<string, bool, string[]> LinksPerRole => new()
    {
        { "teacher", true, ["/", Preferences, .. s_mine] },
        { "teacher2", true, ["/", Preferences, .. s_mine] },
        { "director", true, ["/", Preferences, .. s_mine, .. s_director] },
        { "director", false, ["/", Preferences, .. s_director] },
        { "teacher", false, ["/", Preferences] },
        { "admin", false, ["/", Preferences, .. s_director, .. s_admin] },
        { "admin", true, ["/", Preferences, .. s_mine, .. s_director, .. s_admin] },
    };

    [Theory]
    [MemberData(nameof(LinksPerRole))]
    public async Task NavMenu_RoleAndRoster_ShowsExactlyTheLinksThePersonCanUse(string user, bool onRoster, string[] expected)
    {
        // Arrange
        if (onRoster)
        {
            await AddToRosterAsync(user);
        }
        SignInAs(user);
        Services.AddSingleton<ICurrentActor>(FakeCurrentActor.For(user));

        // Act
        var cut = Render<NavMenu>();

        // Assert
        cut.WaitForAssertion(() =>
            Assert.Equal(expected.Order(), cut.FindAll("a[href]").Select(a => a.GetAttribute("href")).Order().ToList()));
    }

    [Fact]
    public async Task NavMenu_RecordBoundToSomeoneElse_NoMyLinks()
    {
        // Arrange: the roster row has the teacher's e-mail but is bound to another sign-in
        await AddToRosterAsync("teacher", objectId: "someone-else");
        SignInAs("teacher");
        Services.AddSingleton<ICurrentActor>(FakeCurrentActor.For("teacher"));

        // Act
        var cut = Render<NavMenu>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("a[href]").Count));
        Assert.Empty(cut.FindAll("a[href='/sessions/mine']"));
    }

    private async Task AddToRosterAsync(string key, string? objectId = null)
    {
        var user = DevelopmentUsers.All.Single(u => u.Key == key);
        await using var db = _database.CreateDbContext();
        db.StaffMembers.Add(new StaffMember
        {
            Name = user.Name, Email = user.Email, NormalizedEmail = user.Email.ToLowerInvariant(), ObjectId = objectId,
        });
        await db.SaveChangesAsync();
    }

    [Fact]
    public void NavMenu_ConnectionChosenInTheAddress_EveryLinkKeepsIt()
    {
        // Arrange
        SignInAs("admin");
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/sessions?connection=2");
        var cut = Render<NavMenu>();

        // Act
        navigation.NavigateTo("/dashboards?connection=3");

        // Assert
        cut.WaitForAssertion(() => Assert.All(cut.FindAll("a[href]"), a => Assert.EndsWith("?connection=3", a.GetAttribute("href"))));
        string[] adminNotOnRoster = ["/", Preferences, .. s_director, .. s_admin];
        Assert.Equal(adminNotOnRoster.Select(l => l + "?connection=3").Order(), cut.FindAll("a[href]").Select(a => a.GetAttribute("href")).Order());
    }
}
