using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Layout;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components;

public sealed class NavMenuTests : PortalComponentTest
{
    private static readonly string[] s_teacherLinks = ["/", "/sessions/mine", "/recordings/mine", "/staff/me"];
    private static readonly string[] s_directorLinks = [.. s_teacherLinks, "/staff", "/sessions", "/dashboards", "/recordings/cleanup", "/audit"];
    private static readonly string[] s_adminLinks = [.. s_directorLinks, "/connections", "/webhooks", "/jobs"];

    public static TheoryData<string, string[]> LinksPerRole => new()
    {
        { "teacher", s_teacherLinks },
        { "teacher2", s_teacherLinks },
        { "director", s_directorLinks },
        { "admin", s_adminLinks },
    };

    [Theory]
    [MemberData(nameof(LinksPerRole))]
    public void NavMenu_Role_ShowsExactlyTheLinksTheRoleMayUse(string user, string[] expected)
    {
        // Arrange
        SignInAs(user);

        // Act
        var cut = Render<NavMenu>();

        // Assert
        var links = cut.FindAll("a[href]").Select(a => a.GetAttribute("href")).Order().ToList();
        Assert.Equal(expected.Order(), links);
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
        Assert.Equal(s_adminLinks.Select(l => l + "?connection=3").Order(), cut.FindAll("a[href]").Select(a => a.GetAttribute("href")).Order());
    }
}
