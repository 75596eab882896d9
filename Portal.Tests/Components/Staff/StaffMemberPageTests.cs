using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Portal.Components.Pages.Staff;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Staff;

public sealed class StaffMemberPageTests : PortalComponentTest
{
    private readonly FakeStaffService _staff = new();
    private readonly FakeStaffActions _actions = new();

    public StaffMemberPageTests()
    {
        Services.AddSingleton<IStaffService>(_staff);
        Services.AddSingleton<IStaffActions>(_actions);
        Services.AddSingleton(TimeProvider.System);
        SignInAs("director");
    }

    [Fact]
    public void Render_ShowsStatusReasonFixAndHistory()
    {
        var cut = Render<StaffMemberPage>(p => p.Add(x => x.Id, 1));

        cut.WaitForAssertion(() => Assert.Contains("Nina Notinzoom", cut.Markup));
        Assert.Contains("No user with this e-mail in Demo.", cut.Find("#member-reason").TextContent);
        Assert.Contains("Fix: Invite to Zoom", cut.Markup);
        // The fix is done with the buttons below: its line is plain text, not link-coloured.
        Assert.DoesNotContain("mud-secondary-text", cut.Find("#member-fix").ClassName);
        Assert.Contains("Not checked → Not in Zoom", cut.Find("#member-history").TextContent);
        Assert.NotNull(cut.Find("button#member-invite"));
    }

    [Theory]
    [MemberData(nameof(AwkwardDates.Instants), MemberType = typeof(AwkwardDates))]
    public void Render_LastSignInOnAnyDay_SaysHowLongAgo(DateTimeOffset now)
    {
        // Arrange: the page's clock at the instant; Bea signed in to Zoom three days and an hour before it, checked 25 hours before.
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        _staff.Rows[1] = _staff.Rows[1] with { ZoomLastLoginAt = now.AddDays(-3).AddHours(-1), CheckedAt = now.AddHours(-25) };

        // Act
        var cut = Render<StaffMemberPage>(p => p.Add(x => x.Id, 2));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Bea Basic", cut.Markup));
        Assert.Contains("3 days ago", cut.Markup);
        Assert.Contains("1 day ago", cut.Markup);
    }

    [Fact]
    public void Recheck_Click_CallsActionAndShowsOutcome()
    {
        var cut = Render<StaffMemberPage>(p => p.Add(x => x.Id, 1));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("button#member-recheck")));

        cut.Find("button#member-recheck").Click();

        cut.WaitForAssertion(() => Assert.Contains("still Not in Zoom", cut.Find("#member-message").TextContent));
        Assert.Equal([1], Assert.Single(_actions.Rechecks));
    }

    [Fact]
    public void ShowSettings_ZoomRefuses_ShowsTheReasonAndTheFix()
    {
        // Arrange: Zoom answers that the app lacks the scope to read user settings
        var refusal = ZoomRefusal.From(new ZoomScopeException(System.Net.HttpStatusCode.BadRequest, ZoomErrorCodes.MissingScopes,
            "Invalid access token, does not contain scopes:[user:read:settings:admin].", ["user:read:settings:admin"]), TimeProvider.System, "Bea Basic")!;
        _actions.Settings = new ZoomSettingsResult(null, refusal.Text, refusal);
        var cut = Render<StaffMemberPage>(p => p.Add(x => x.Id, 2));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("button#show-settings")));

        // Act
        cut.Find("button#show-settings").Click();

        // Assert
        cut.WaitForAssertion(() =>
        {
            var problem = cut.Find("#settings-problem").TextContent;
            Assert.Contains("lacks a permission this needs: Zoom wants the scope user:read:settings:admin", problem);
            Assert.Contains("App Marketplace", problem);
        });
        Assert.Empty(cut.FindAll("#settings-table"));
    }

    [Fact]
    public void AssignLicence_NoneLeft_ShowsClearError()
    {
        var cut = Render<StaffMemberPage>(p => p.Add(x => x.Id, 2));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("button#member-licence")));

        cut.Find("button#member-licence").Click();

        cut.WaitForAssertion(() => Assert.Contains("No licences left", cut.Find("#member-message").TextContent));
        Assert.Contains("error", cut.Find("#member-message").ClassName, StringComparison.Ordinal);
    }
}
