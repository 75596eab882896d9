using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Staff;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration;

/// <summary>The production sign-in, the whole round trip: portal, fake Entra ID (form_post, code flow), portal.</summary>
public sealed class EntraIdSignInTests(EntraIdFixture fixture) : IClassFixture<EntraIdFixture>
{
    private static readonly EntraUser s_director = new("Dana Director", "dana.director@writing.example.edu", "oid-dana", Roles.Director);

    private FakeEntraId EntraId => fixture.EntraId;
    private EntraIdPortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task SignIn_Director_LandsOnTheDirectorsHomePage()
    {
        // Arrange
        EntraId.Flaws = IdTokenFlaws.None;
        EntraId.NextUser = s_director;
        using var client = Portal.CreatePortalClient();

        // Act
        using var callback = await EntraId.SignInAsync(client, "/");
        using var home = await client.GetAsync("/");
        using var audit = await client.GetAsync("/audit");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = await client.SeenAsync("/", "Welcome, Dana Director");
        Assert.Contains("id=\"mapping-summary\"", html);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutClientSecret_IdTokenFromTheAuthorizePageAlsoSignsIn()
    {
        // Arrange
        await using var entraId = await FakeEntraId.StartAsync(EntraIdFixture.TenantId, EntraIdFixture.ClientId, "unused-secret");
        await using var portal = new EntraIdPortalFactory(entraId, withClientSecret: false);
        entraId.NextUser = s_director;
        using var client = portal.CreatePortalClient();

        // Act
        using var challenge = await client.GetAsync("/");
        using var callback = await entraId.SignInAsync(client, "/");
        using var home = await client.GetAsync("/");

        // Assert
        Assert.Contains("response_type=id_token&", challenge.Headers.Location!.Query + "&");
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        await client.SeenAsync("/", "Welcome, Dana Director");
    }

    [Fact]
    public async Task SignIn_WithReturnUrl_LandsOnThePageAskedFor()
    {
        // Arrange
        EntraId.Flaws = IdTokenFlaws.None;
        EntraId.NextUser = s_director;
        using var client = Portal.CreatePortalClient();

        // Act
        using var callback = await EntraId.SignInAsync(client, "/audit");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/audit", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignIn_NoRole_Gets403Page()
    {
        // Arrange
        EntraId.Flaws = IdTokenFlaws.None;
        EntraId.NextUser = new EntraUser("Nora Norole", "nora.norole@writing.example.edu", "oid-nora");
        using var client = Portal.CreatePortalClient();

        // Act
        using var callback = await EntraId.SignInAsync(client, "/");
        using var home = await client.GetAsync("/");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, home.StatusCode);
        Assert.Contains("This page is not for your role", await home.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_FirstByEmailThenByObjectId_BindsTheStaffRecord()
    {
        // Arrange
        var staffId = await AddStaffAsync("Terry Teacher", "terry.teacher@writing.example.edu");
        EntraId.Flaws = IdTokenFlaws.None;
        using var first = Portal.CreatePortalClient();
        using var renamed = Portal.CreatePortalClient();
        using var impostor = Portal.CreatePortalClient();

        // Act: the first sign-in finds the record by e-mail; after a change of e-mail the object id still finds it;
        // another person with the old e-mail does not.
        EntraId.NextUser = new EntraUser("Terry Teacher", "terry.teacher@writing.example.edu", "oid-terry", Roles.Teacher);
        await EntraId.SignInAsync(first, "/staff/me");
        var firstPage = await first.SeenAsync("/staff/me", "terry.teacher@writing.example.edu");
        var afterFirst = await FindStaffAsync(staffId);
        EntraId.NextUser = new EntraUser("Terry Teacher", "terry.t@writing.example.edu", "oid-terry", Roles.Teacher);
        await EntraId.SignInAsync(renamed, "/staff/me");
        var renamedPage = await renamed.SeenAsync("/staff/me", "terry.teacher@writing.example.edu");
        EntraId.NextUser = new EntraUser("Someone Else", "terry.teacher@writing.example.edu", "oid-someone-else", Roles.Teacher);
        await EntraId.SignInAsync(impostor, "/staff/me");
        var impostorPage = await impostor.SeenAsync("/staff/me", "No staff record matches your sign-in");

        // Assert
        Assert.Contains("terry.teacher@writing.example.edu", firstPage);
        Assert.Equal("oid-terry", afterFirst.ObjectId);
        Assert.Equal(EntraIdFixture.TenantId, afterFirst.TenantId);
        Assert.Contains("terry.teacher@writing.example.edu", renamedPage);
        Assert.Contains("No staff record matches your sign-in", impostorPage);
        var final = await FindStaffAsync(staffId);
        Assert.Equal("oid-terry", final.ObjectId);
        Assert.Equal(EntraIdFixture.TenantId, final.TenantId);
    }

    [Fact]
    public async Task SignOut_SignedIn_EndsThePortalSessionAndGoesToTheProvidersSignOut()
    {
        // Arrange
        EntraId.Flaws = IdTokenFlaws.None;
        EntraId.NextUser = s_director;
        using var client = Portal.CreatePortalClient();
        await EntraId.SignInAsync(client, "/");
        var token = await client.GetAntiforgeryTokenAsync("account/sign-out");

        // Act
        using var signOut = await client.Http.PostAsync("account/signout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var providerAnswer = await provider.GetAsync(signOut.Headers.Location);
        using var back = await client.Http.GetAsync(providerAnswer.Headers.Location);
        using var home = await client.GetAsync("/");

        // Assert
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.StartsWith($"{EntraId.Instance}{EntraIdFixture.TenantId}/oauth2/v2.0/logout?", signOut.Headers.Location!.AbsoluteUri);
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), c => c.StartsWith("Portal.Auth=;", StringComparison.Ordinal));
        Assert.Contains(Portal.BaseUrl + "/signout-callback-oidc", EntraId.SignOuts);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal("/", back.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith(EntraId.Instance, home.Headers.Location!.AbsoluteUri);
    }

    public static TheoryData<string> Flaws() => ["expired", "another audience", "another tenant", "bad signature"];

    [Theory]
    [MemberData(nameof(Flaws))]
    public async Task SignIn_FlawedToken_IsRefusedWithoutASession(string flaw)
    {
        // Arrange
        EntraId.NextUser = s_director;
        EntraId.Flaws = flaw switch
        {
            "expired" => new IdTokenFlaws { Expired = true },
            "another audience" => new IdTokenFlaws { Audience = "11111111-2222-3333-4444-555555555555" },
            "another tenant" => new IdTokenFlaws { TenantId = "99999999-8888-7777-6666-555555555555" },
            _ => new IdTokenFlaws { SignedWithUnknownKey = true },
        };
        using var client = Portal.CreatePortalClient();

        // Act
        HttpResponseMessage callback;
        try
        {
            callback = await EntraId.SignInAsync(client, "/");
        }
        finally
        {
            EntraId.Flaws = IdTokenFlaws.None;
        }
        using var home = await client.GetAsync("/");

        using var refusedPage = await client.GetAsync("/status/401");

        // Assert
        using (callback)
        {
            Assert.False(callback.Headers.TryGetValues("Set-Cookie", out var cookies)
                && cookies.Any(c => c.StartsWith("Portal.Auth", StringComparison.Ordinal) && !c.StartsWith("Portal.Auth=;", StringComparison.Ordinal)));
            Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
            Assert.Equal("/status/401", callback.Headers.Location!.OriginalString);
        }
        Assert.Contains("Sign-in not accepted", await refusedPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith(EntraId.Instance, home.Headers.Location!.AbsoluteUri);
    }

    private async Task<int> AddStaffAsync(string name, string email)
    {
        await using var db = await Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var member = new StaffMember { Name = name, Email = email, NormalizedEmail = email, StaffRole = "Teacher" };
        db.StaffMembers.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }

    private async Task<StaffMember> FindStaffAsync(int id)
    {
        await using var db = await Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.StaffMembers.AsNoTracking().SingleAsync(s => s.Id == id);
    }
}
