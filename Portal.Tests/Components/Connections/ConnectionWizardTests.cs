using Bunit;
using Bunit.TestDoubles;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Components.Pages.Connections;
using Portal.Core.Features.Connections;
using Portal.Core.Zoom;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Connections;

public sealed class ConnectionWizardTests : PortalComponentTest
{
    private readonly FakeConnectionService _service = new();

    public ConnectionWizardTests()
    {
        Services.AddSingleton<IConnectionService>(_service);
        Services.AddSingleton<IValidator<ServerToServerCredentials>, ServerToServerCredentialsValidator>();
        SignInAs("admin");
    }

    private IRenderedComponent<ConnectionWizard> RenderWizard()
    {
        Render<MudPopoverProvider>();
        var cut = Render<ConnectionWizard>();
        cut.WaitForAssertion(() => Assert.Contains("Create a Server-to-Server OAuth app", cut.Markup));
        return cut;
    }

    private static void Next(IRenderedComponent<ConnectionWizard> cut) => cut.Find("button#wizard-next").Click();

    private static void Fill(IRenderedComponent<ConnectionWizard> cut, string name, string account, string client, string secret)
    {
        cut.Find("#cred-name").Change(name);
        cut.Find("#cred-account").Change(account);
        cut.Find("#cred-client").Change(client);
        cut.Find("#cred-secret").Change(secret);
    }

    [Fact]
    public void PrepareStep_ListsRequiredAndOptionalScopesInBothNamings_NextOpensCredentials()
    {
        // Arrange
        var cut = RenderWizard();

        // Act
        var table = cut.Find("#scope-requirements").TextContent;
        Next(cut);

        // Assert
        Assert.Contains("meeting:write:meeting:admin", table);
        Assert.Contains("meeting:write:admin", table);
        Assert.Contains("billing:read:plan_usage:admin", table);
        Assert.Contains("Optional", table);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#cred-account")));
    }

    [Fact]
    public void CredentialsStep_Empty_ShowsRequiredMessagesAndStays()
    {
        // Arrange
        var cut = RenderWizard();
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#cred-account"));

        // Act
        Next(cut);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Enter the Account ID.", cut.Markup));
        Assert.Contains("Enter the Client Secret.", cut.Markup);
        Assert.Contains("Enter a display name", cut.Markup);
        Assert.NotNull(cut.Find("#cred-account"));
        Assert.Equal(0, _service.VerifyCalls);
    }

    [Fact]
    public void CredentialsStep_PastedWithQuotesAndSpaces_CleansAndSaysSo()
    {
        // Arrange
        var cut = RenderWizard();
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#cred-account"));

        // Act
        cut.Find("#cred-account").Change("  \"sandbox-account-1\"\n");

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("sandbox-account-1", cut.Find("#cred-account").GetAttribute("value")));
        Assert.Contains(CredentialText.CleanedNote, cut.Markup);
    }

    [Fact]
    public void CredentialsStep_InnerWhitespaceOrTooLong_Refused()
    {
        // Arrange
        var cut = RenderWizard();
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#cred-account"));
        Fill(cut, "Center", "abc def", "client", new string('x', 257));

        // Act
        Next(cut);

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("The Account ID cannot contain spaces", cut.Markup));
        Assert.Contains("The Client Secret is longer than 256 characters", cut.Markup);
        Assert.Equal(0, _service.VerifyCalls);
    }

    [Fact]
    public void VerifyStep_Passes_ShowsUsersAndScopes_ThenSaveNavigates()
    {
        // Arrange
        _service.Next = Passed(missingOptional: false);
        var cut = RenderWizard();
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#cred-account"));
        Fill(cut, "Center", "acc", "client", "secret");

        // Act
        Next(cut);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#verify-passed")));
        var userCount = cut.Find("#user-count").TextContent;
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("button#wizard-save"));
        cut.Find("button#wizard-save").Click();

        // Assert
        Assert.Equal("312", userCount);
        Assert.Equal(1, _service.VerifyCalls);
        cut.WaitForAssertion(() => Assert.Equal(1, _service.CreateCalls));
        Assert.EndsWith("/connections/7?created=1", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public void VerifyStep_WrongSecret_ExplainsAndCannotContinue_BackKeepsValues()
    {
        // Arrange
        _service.Next = new VerificationResult
        {
            TokenIssued = false, CheckedAt = TimeProvider.System.GetUtcNow(), Problem = "Zoom did not issue a token.",
            Advice = "The Client ID or Client Secret is wrong.", ZoomError = "invalid_client", ZoomReason = "Invalid client_id or client_secret",
        };
        var cut = RenderWizard();
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#cred-account"));
        Fill(cut, "Center", "acc", "client", "wrong");

        // Act
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#verify-failed"));
        var nextDisabled = cut.Find("button#wizard-next").HasAttribute("disabled");
        var explanation = cut.Find("#verify-failed").TextContent;
        cut.Find("button#wizard-back").Click();

        // Assert
        Assert.True(nextDisabled);
        Assert.Contains("Invalid client_id or client_secret", explanation);
        Assert.Contains("invalid_client", explanation);
        cut.WaitForAssertion(() => Assert.Equal("acc", cut.Find("#cred-account").GetAttribute("value")));
        Assert.Equal(0, _service.CreateCalls);
    }

    [Fact]
    public void VerifyStep_MissingOptional_NeedsExplicitAcceptance()
    {
        // Arrange
        _service.Next = Passed(missingOptional: true);
        var cut = RenderWizard();
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#cred-account"));
        Fill(cut, "Center", "acc", "client", "secret");

        // Act
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#accept-optional"));
        var disabledBefore = cut.Find("button#wizard-next").HasAttribute("disabled");
        cut.Find("input#accept-optional, #accept-optional input").Change(true);

        // Assert
        Assert.True(disabledBefore);
        Assert.Contains("user:write:user:admin", cut.Find("#scope-check").TextContent);
        cut.WaitForAssertion(() => Assert.False(cut.Find("button#wizard-next").HasAttribute("disabled")));
    }

    [Fact]
    public void VerifyStep_AccountAlreadyConnected_NamesTheConnectionOffersReplaceOrCancelAndCannotSaveASecond()
    {
        // Arrange
        _service.Next = Passed(missingOptional: false) with
        {
            AlreadyConnectedAs = new AccountHolder(4, "Main campus", ConnectionKind.ServerToServer, "acc", "old-client", null, false, true),
        };

        // Act
        var cut = VerifyDuplicate();
        var explanation = cut.Find("#already-connected").TextContent;
        var nextDisabled = cut.Find("button#wizard-next").HasAttribute("disabled");
        var cancel = cut.Find("#cancel-duplicate").GetAttribute("href");
        cut.Find("button#replace-existing").Click();

        // Assert
        Assert.Contains("already connected as \"Main campus\"", explanation);
        Assert.Contains("Server-to-Server app old-client", explanation);
        Assert.Contains("Move \"Main campus\" to this app", explanation);
        Assert.True(nextDisabled);
        Assert.Equal("/connections", cancel);
        cut.WaitForAssertion(() => Assert.Equal([4], _service.ReplaceCalls));
        Assert.Equal(0, _service.CreateCalls);
        Assert.EndsWith("/connections/4?replaced=1", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public void VerifyStep_AccountHeldByAConfiguredConnection_OnlyCancelAndWhereToChangeIt()
    {
        // Arrange
        _service.Next = Passed(missingOptional: false) with
        {
            AlreadyConnectedAs = new AccountHolder(1, "Demo writing center", ConnectionKind.ServerToServer, "acc", "cfg-client", null, true, true),
        };

        // Act
        var cut = VerifyDuplicate();

        // Assert
        Assert.Contains("Zoom:Connections", cut.Find("#already-connected").TextContent);
        Assert.Empty(cut.FindAll("#replace-existing"));
        Assert.NotNull(cut.Find("#cancel-duplicate"));
        Assert.True(cut.Find("button#wizard-next").HasAttribute("disabled"));
    }

    /// <summary>The wizard at its verify step for another app of an account that is already connected.</summary>
    private IRenderedComponent<ConnectionWizard> VerifyDuplicate()
    {
        var cut = RenderWizard();
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#cred-account"));
        Fill(cut, "Center", "acc", "new-client", "secret");
        Next(cut);
        cut.WaitForAssertion(() => cut.Find("#already-connected"));
        return cut;
    }

    private static VerificationResult Passed(bool missingOptional)
    {
        var granted = new HashSet<string>(ZoomScopes.Needs.Where(n => n.Required || !missingOptional).SelectMany(n => n.Granular));
        return new VerificationResult
        {
            TokenIssued = true, CheckedAt = TimeProvider.System.GetUtcNow(), GrantedScopes = granted, Scopes = ScopeCheck.Evaluate(granted),
            UserCount = 312, LicencesPurchased = 100, LicencesAssigned = 87,
        };
    }

    private sealed class FakeConnectionService : IConnectionService
    {
        public VerificationResult? Next { get; set; }
        public int VerifyCalls { get; private set; }
        public int CreateCalls { get; private set; }
        public List<int> ReplaceCalls { get; } = [];

        public Task<VerificationResult> VerifyNewAsync(ServerToServerCredentials credentials, CancellationToken ct = default)
        {
            VerifyCalls++;
            return Task.FromResult(Next!);
        }

        public Task<ConnectionResult> CreateServerToServerAsync(ServerToServerCredentials credentials, CancellationToken ct = default)
        {
            CreateCalls++;
            return Task.FromResult(ConnectionResult.Ok(7));
        }

        public Task<ConnectionResult> ReplaceCredentialsAsync(int connectionId, ServerToServerCredentials credentials, CancellationToken ct = default)
        {
            ReplaceCalls.Add(connectionId);
            return Task.FromResult(ConnectionResult.Ok(connectionId));
        }

        public Task<IReadOnlyList<ConnectionListItem>> ListAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ConnectionDetails?> GetAsync(int id, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ConnectionResult> ReverifyAsync(int id, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ConnectionResult> RenameAsync(int id, string name, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ConnectionResult> RotateSecretAsync(int id, string newSecret, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ConnectionDependencies> GetDependenciesAsync(int id, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ConnectionResult> DeleteAsync(int id, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
