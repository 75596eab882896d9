using System.Text.RegularExpressions;
using Bunit;
using Portal.Components.Pages.Connections;
using Portal.Core.Features.Connections;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Connections;

public sealed class VerificationPanelTests : PortalComponentTest
{
    [Fact]
    public void VerificationPanel_UserCountWithNote_SentencesSeparatedBySpaces()
    {
        // Arrange
        var granted = new HashSet<string>(ZoomScopes.Needs.SelectMany(n => n.Granular));
        var result = new VerificationResult
        {
            TokenIssued = true, CheckedAt = new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero), GrantedScopes = granted,
            Scopes = ScopeCheck.Evaluate(granted), UserCount = 279, UserCountNote = "Active users only (the users summary was not available).",
            LicencesPurchased = 100, LicencesAssigned = 87, StorageSummary = "77.9 GB used", UsageNote = "Figures as of today.",
        };

        // Act
        var cut = Render<VerificationPanel>(p => p.Add(c => c.Result, result));

        // Assert
        var text = Regex.Replace(cut.Find("#sample-calls").TextContent, @"\s+", " ");
        Assert.Contains("279 users in the Zoom account. Active users only (the users summary was not available).", text);
        Assert.Contains("87 of 100 licences assigned. 77.9 GB used. Figures as of today.", text);
    }

    [Fact]
    public void VerificationPanel_OneUser_Singular()
    {
        // Arrange
        var result = new VerificationResult { TokenIssued = true, CheckedAt = new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero), UserCount = 1 };

        // Act
        var cut = Render<VerificationPanel>(p => p.Add(c => c.Result, result));

        // Assert
        Assert.Contains("1 user in the Zoom account.", Regex.Replace(cut.Find("#sample-calls").TextContent, @"\s+", " "));
    }
}
