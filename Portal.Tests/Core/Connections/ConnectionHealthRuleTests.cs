using Portal.Core.Features.Connections;
using Portal.Core.Zoom;

namespace Portal.Tests.Core.Connections;

public sealed class ConnectionHealthRuleTests
{
    private static readonly DateTimeOffset Verified = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static string Scopes(bool optional = true, bool required = true) => string.Join(' ',
        ZoomScopes.Needs.Where(n => n.Required ? required : optional).SelectMany(n => n.Granular));

    private static ConnectionHealthFacts App(string? scopes = null) =>
        new(ConnectionKind.ServerToServer, false, null, Verified, null, scopes ?? Scopes(), null, null);

    private static ConnectionHealthFacts UserLevelLink() =>
        new(ConnectionKind.OAuthLink, false, null, Verified, null, "meeting:read:meeting meeting:write:meeting user:read:user", "ada@example.edu", null);

    [Fact]
    public void Evaluate_EveryScopeVerified_Healthy()
    {
        // Act
        var health = ConnectionHealthRule.Evaluate(App());

        // Assert
        Assert.Equal(HealthState.Healthy, health.State);
        Assert.Equal("Healthy", health.Label);
        Assert.False(health.NeedsAttention);
    }

    [Fact]
    public void Evaluate_Disabled_DisabledWithItsReasonBeforeAnythingElse()
    {
        // Act
        var health = ConnectionHealthRule.Evaluate(App() with { Disabled = true, DisabledReason = "Removed from configuration.", LastError = "boom" });

        // Assert
        Assert.Equal(HealthState.Disabled, health.State);
        Assert.Equal("Removed from configuration.", health.Reason);
        Assert.False(health.NeedsAttention);
    }

    [Fact]
    public void Evaluate_TokenRefusedOrLinkRevoked_FailingWithZoomsReason()
    {
        // Act
        var health = ConnectionHealthRule.Evaluate(UserLevelLink() with { LastError = "Zoom no longer accepts this link (revoked, expired or replaced)." });

        // Assert
        Assert.Equal(HealthState.Failing, health.State);
        Assert.Equal("Zoom no longer accepts this link (revoked, expired or replaced).", health.Reason);
    }

    [Fact]
    public void Evaluate_LastUsageSnapshotFailed_FailingNamingWhy()
    {
        // Act
        var health = ConnectionHealthRule.Evaluate(App() with { LastSnapshotError = "The app lacks the scope billing:read:plan_usage:admin." });

        // Assert
        Assert.Equal(HealthState.Failing, health.State);
        Assert.Equal("The hourly usage snapshot failed: The app lacks the scope billing:read:plan_usage:admin.", health.Reason);
        Assert.True(health.NeedsAttention);
    }

    [Fact]
    public void Evaluate_RequiredScopeMissing_FailingNamingTheScope()
    {
        // Act
        var health = ConnectionHealthRule.Evaluate(App(Scopes().Replace("meeting:write:meeting:admin", "", StringComparison.Ordinal)));

        // Assert
        Assert.Equal(HealthState.Failing, health.State);
        Assert.Contains("meeting:write:meeting:admin", health.Reason);
    }

    [Fact]
    public void Evaluate_OptionalScopesMissing_LimitedNamingWhatIsOff()
    {
        // Act
        var health = ConnectionHealthRule.Evaluate(App(Scopes(optional: false)));

        // Assert
        Assert.Equal(HealthState.Limited, health.State);
        Assert.Contains("Licence and storage figures", health.Reason);
        Assert.Contains("Recordings (list, play, download)", health.Reason);
        Assert.True(health.NeedsAttention);
    }

    [Fact]
    public void Evaluate_UserLevelLink_LimitedNamingTheUserAndEveryFeatureOffEvenIfItsSnapshotFailed()
    {
        // Act
        var health = ConnectionHealthRule.Evaluate(UserLevelLink() with { LastSnapshotError = "This connection cannot offer licence and storage dashboards." });

        // Assert
        Assert.Equal(HealthState.Limited, health.State);
        Assert.Contains("cover only ada@example.edu", health.Reason);
        Assert.All(AccountWideAccess.All, f => Assert.Contains(AccountWideAccess.Name(f).ToLowerInvariant(), health.Reason));
    }

    [Fact]
    public void Evaluate_NeverVerified_LimitedAskingForAVerification()
    {
        // Act
        var health = ConnectionHealthRule.Evaluate(App("") with { LastVerifiedAt = null });

        // Assert
        Assert.Equal(HealthState.Limited, health.State);
        Assert.Contains("Verify now", health.Reason);
    }
}
