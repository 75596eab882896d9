using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Components.Pages.Notifications;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Notifications;

public sealed class NotificationPreferencesPageTests : PortalComponentTest
{
    // The page reads the database after its first render; generous for a loaded machine and PostgreSQL.
    private static readonly TimeSpan s_loaded = TimeSpan.FromSeconds(15);
    private readonly TestDatabase _database = new();

    public NotificationPreferencesPageTests()
    {
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(_database);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<IAuditLog>(sp => new AuditLog(_database, sp.GetRequiredService<ICurrentActor>(), TimeProvider.System));
        Services.AddScoped<INotificationPreferences, NotificationPreferences>();
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    [Fact]
    public void Page_Teacher_ShowsTheTeachersKindsWithTheirDefaultsAndAddress()
    {
        // Arrange
        SignInAs("teacher");

        // Act
        var cut = RenderPage();

        // Assert
        Assert.Equal(NotificationKinds.ForTeachers.Select(k => $"choice-{k}"), cut.FindAll("fieldset[id^=choice-]").Select(f => f.Id));
        Assert.Contains("terry.teacher@writing.example.edu", cut.Find("#my-address").TextContent);
        Assert.Contains("Default for your role: Immediately", cut.Find($"#choice-{NotificationKind.TeacherRecordingReady}").TextContent);
        Assert.Empty(cut.FindAll("#choice-NoShow"));
    }

    [Fact]
    public void Page_Admin_DirectorsKindsAreOffByDefault()
    {
        // Arrange
        SignInAs("admin");

        // Act
        var cut = RenderPage();

        // Assert
        Assert.Contains("Default for your role: Off", cut.Find($"#choice-{NotificationKind.NoShow}").TextContent);
        Assert.Contains("Default for your role: Immediately", cut.Find($"#choice-{NotificationKind.ConnectionProblem}").TextContent);
    }

    [Fact]
    public async Task Save_DigestChosen_StoredAndShownAfterReload()
    {
        // Arrange
        SignInAs("director");
        var snackbar = Render<MudSnackbarProvider>();
        var cut = RenderPage();

        // Act
        Radio(cut, $"#choice-{NotificationKind.NoShow}", "In the digest").Click();
        Radio(cut, "#digest-frequency", "Weekly").Click();
        cut.Find("#save-preferences").Click();

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Your e-mail preferences are saved.", snackbar.Markup), s_loaded);
        await using var db = _database.CreateDbContext();
        var row = await db.NotificationRecipients.SingleAsync();
        Assert.Equal(DigestFrequency.Weekly, row.DigestFrequency);
        Assert.Equal(NotificationDelivery.InDigest, (await db.NotificationPreferences.SingleAsync(p => p.Kind == NotificationKind.NoShow)).Delivery);
        var again = Render<NotificationPreferencesPage>();
        again.WaitForAssertion(() => Assert.NotNull(again.Find("#save-preferences")), s_loaded);
        Assert.True(Radio(again, $"#choice-{NotificationKind.NoShow}", "In the digest").HasAttribute("checked"));
        Assert.False(Radio(again, $"#choice-{NotificationKind.NoShow}", "Immediately").HasAttribute("checked"));
    }

    [Fact]
    public async Task Page_AddressProblemAndFailedMessage_ShownInWords()
    {
        // Arrange
        SignInAs("teacher");
        await using (var db = _database.CreateDbContext())
        {
            db.NotificationRecipients.Add(new NotificationRecipient
            {
                ObjectId = "dev-teacher", Email = "terry.teacher@writing.example.edu", Roles = Roles.Teacher, AddressProblem = "The mail server says this mailbox does not exist.",
            });
            db.OutboxMessages.Add(new OutboxMessage
            {
                MessageId = "m1", ToAddress = "terry.teacher@writing.example.edu", Subject = "Your recording is ready", TextBody = "t", HtmlBody = "h",
                Status = OutboxStatus.Failed, LastError = "550 5.1.1 User unknown", CreatedAt = TimeProvider.System.GetUtcNow().AddHours(-2),
            });
            await db.SaveChangesAsync();
        }

        // Act
        var cut = RenderPage();

        // Assert
        Assert.Contains("this mailbox does not exist", cut.Find("#address-problem").TextContent);
        var undelivered = cut.Find("#undelivered").TextContent;
        Assert.Contains("Your recording is ready", undelivered);
        Assert.Contains("Could not be delivered: 550 5.1.1 User unknown", undelivered);
    }

    /// <summary>The radio button of the group whose label reads <paramref name="label"/>.</summary>
    private static AngleSharp.Dom.IElement Radio(IRenderedComponent<NotificationPreferencesPage> cut, string group, string label) =>
        cut.FindAll($"{group} label").Single(l => l.TextContent.Trim() == label).QuerySelector("input[type=radio]")!;

    private IRenderedComponent<NotificationPreferencesPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var cut = Render<NotificationPreferencesPage>();
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("#save-preferences")), s_loaded);
        return cut;
    }
}
