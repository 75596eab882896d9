using Microsoft.EntityFrameworkCore;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Integration.Notifications;

public sealed class RecipientsSignInTests
{
    [Fact]
    public async Task DevSignIn_AdminAndDirector_RecordsThemWithTheirRolesBesideTheConfiguredAddress()
    {
        // Arrange
        await using var factory = new CustomPortalAppFactory(new Dictionary<string, string?> { ["Email:AlertRecipients:0"] = "it-alerts@writing.example.edu" });
        using var admin = factory.CreatePortalClient();
        using var director = factory.CreatePortalClient();

        // Act
        await admin.SignInAsync("admin");
        await director.SignInAsync("director");

        // Assert
        await using var db = factory.Database.CreateDbContext();
        var rows = await db.NotificationRecipients.OrderBy(r => r.Id)
            .Select(r => new { r.Email, r.ObjectId, r.Roles, r.FromConfiguration, SignedIn = r.LastSignInAt != null }).ToListAsync();
        Assert.Equal(
        [
            new { Email = "it-alerts@writing.example.edu", ObjectId = (string?)null, Roles = "", FromConfiguration = true, SignedIn = false },
            new { Email = "ada.admin@writing.example.edu", ObjectId = (string?)"dev-admin", Roles = Roles.Admin, FromConfiguration = false, SignedIn = true },
            new { Email = "dana.director@writing.example.edu", ObjectId = (string?)"dev-director", Roles = Roles.Director, FromConfiguration = false, SignedIn = true },
        ], rows);
    }
}

public sealed class EntraIdRecipientsTests(EntraIdFixture fixture) : IClassFixture<EntraIdFixture>
{
    [Fact]
    public async Task EntraIdSignIn_RolesChangeBetweenSignIns_RowFollowsTheLatest()
    {
        // Arrange
        fixture.EntraId.Flaws = IdTokenFlaws.None;
        using var first = fixture.Portal.CreatePortalClient();
        using var second = fixture.Portal.CreatePortalClient();
        fixture.EntraId.NextUser = new EntraUser("Rita Roles", "rita.roles@writing.example.edu", "oid-rita", Roles.Admin, Roles.Director);
        using (await fixture.EntraId.SignInAsync(first, "/"))
        {
        }

        // Act
        fixture.EntraId.NextUser = new EntraUser("Rita Roles", "rita.roles@writing.example.edu", "oid-rita", Roles.Teacher);
        using (await fixture.EntraId.SignInAsync(second, "/"))
        {
        }

        // Assert
        await using var db = fixture.Portal.Database.CreateDbContext();
        var row = await db.NotificationRecipients.SingleAsync(r => r.ObjectId == "oid-rita");
        Assert.Equal(("rita.roles@writing.example.edu", "Rita Roles", Roles.Teacher), (row.Email, row.Name, row.Roles));
    }
}
