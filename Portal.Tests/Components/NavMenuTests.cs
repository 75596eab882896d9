using Bunit;
using Portal.Components.Layout;

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
}
