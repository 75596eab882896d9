using Bunit;
using Microsoft.AspNetCore.Components;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Portal.Components.Pages.Staff;
using Portal.Core.Features.Staff;
using Portal.Tests.Core.Staff;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Staff;

/// <summary>The staff form over the real staff service and validator (a test database), signed in as a director.</summary>
public sealed class StaffEditPageTests : PortalComponentTest
{
    private readonly StaffTestHost _host = new();

    public StaffEditPageTests()
    {
        SignInAs("director");
        Services.AddSingleton(_host.Get<IStaffService>());
        Services.AddSingleton(_host.Get<IValidator<StaffMemberInput>>());
    }

    protected override async Task DisposeTestAsync() => await _host.DisposeAsync();

    [Fact]
    public void Save_Empty_ShowsTheValidatorsMessagesAndSavesNothing()
    {
        // Arrange
        var cut = Render<StaffEditPage>();
        cut.WaitForAssertion(() => cut.Find("button#save-member"));

        // Act
        cut.Find("button#save-member").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Enter the member's name.", Text(cut)));
        Assert.Contains("Enter a valid e-mail address, e.g. jane.doe@univ.edu.", Text(cut));
        Assert.EndsWith("/", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public async Task Save_EmailOfAnotherMember_ShowsTheAsyncRulesMessage()
    {
        // Arrange
        await _host.AddMemberAsync("Terry Teacher", "terry@univ.edu", null);
        var cut = Render<StaffEditPage>();
        cut.WaitForAssertion(() => cut.Find("#member-email"));
        cut.Find("#member-name").Change("Terry Two");
        cut.Find("#member-email").Change("TERRY@univ.edu");

        // Act
        cut.Find("button#save-member").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Another staff member already uses this address (as e-mail or alias).", Text(cut)));
    }

    private static string Text<T>(IRenderedComponent<T> cut) where T : IComponent => string.Concat(cut.Nodes.Select(n => n.TextContent));
}
