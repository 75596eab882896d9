using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Layout;
using Portal.Core.Features.Connections;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Layout;

public sealed class ConnectionSwitcherTests : PortalComponentTest
{
    private NavigationManager? _navigation;

    public ConnectionSwitcherTests() => Services.AddSingleton<IConnectionDirectory>(new TwoConnections());

    private string Address => _navigation!.Uri;

    private IRenderedComponent<ConnectionSwitcher> RenderAs(string user, string address)
    {
        SignInAs(user);
        _navigation = Services.GetRequiredService<NavigationManager>();
        _navigation.NavigateTo(address);
        Render<MudPopoverProvider>();
        return Render<ConnectionSwitcher>();
    }

    private static string Shown(IRenderedComponent<ConnectionSwitcher> cut) =>
        cut.Find("#connection-switcher").GetAttribute("value") ?? "";

    [Fact]
    public void Render_LinkWithAConnection_SelectorShowsThatConnection()
    {
        // Act
        var cut = RenderAs("director", "/sessions?connection=2");

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("Downtown center", Shown(cut)));
    }

    [Fact]
    public void Render_LinkWithoutAConnection_SelectorShowsAllConnections()
    {
        // Act
        var cut = RenderAs("admin", "/dashboards");

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("All connections", Shown(cut)));
    }

    [Fact]
    public void Pick_AConnection_PutsItInTheCurrentPagesAddressAndShowsIt()
    {
        // Arrange
        var cut = RenderAs("director", "/sessions?when=past");
        cut.WaitForAssertion(() => Assert.Equal("All connections", Shown(cut)));

        // Act
        cut.InvokeAsync(() => cut.FindComponent<MudSelect<int>>().Instance.ValueChanged.InvokeAsync(2));

        // Assert
        cut.WaitForAssertion(() => Assert.EndsWith("/sessions?when=past&connection=2", Address));
        cut.WaitForAssertion(() => Assert.Equal("Downtown center", Shown(cut)));
    }

    [Fact]
    public void Pick_AllConnections_TakesTheChoiceOutOfTheAddress()
    {
        // Arrange
        var cut = RenderAs("director", "/dashboards?connection=1");
        cut.WaitForAssertion(() => Assert.Equal("Main campus", Shown(cut)));

        // Act
        cut.InvokeAsync(() => cut.FindComponent<MudSelect<int>>().Instance.ValueChanged.InvokeAsync(0));

        // Assert
        cut.WaitForAssertion(() => Assert.EndsWith("/dashboards", Address));
        cut.WaitForAssertion(() => Assert.Equal("All connections", Shown(cut)));
    }

    [Fact]
    public void Render_Teacher_NoSelector()
    {
        // Act
        var cut = RenderAs("teacher", "/sessions/mine?connection=2");

        // Assert
        Assert.Empty(cut.FindAll("#connection-switcher"));
    }

    private sealed class TwoConnections : IConnectionDirectory
    {
        public Task<IReadOnlyList<ConnectionSummary>> ListAsync(CancellationToken ct = default) => Task.FromResult<IReadOnlyList<ConnectionSummary>>(
        [
            new ConnectionSummary(1, "Main campus", "main-campus", ConnectionKind.ServerToServer, false, false, null, null),
            new ConnectionSummary(2, "Downtown center", "downtown-center", ConnectionKind.ServerToServer, false, false, null, null),
        ]);
    }
}
