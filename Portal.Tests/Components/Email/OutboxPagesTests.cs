using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Components.Pages.Email;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Components.Email;

/// <summary>The outbox, one message and the e-mail settings pages over a real database, outbox service and loopback mail server.</summary>
public sealed class OutboxPagesTests : PortalComponentTest
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly EmailOptions _email = new() { InstitutionName = "North Writing Center" };
    private LoopbackSmtpServer _smtp = null!;

    public OutboxPagesTests()
    {
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(_database);
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(Options.Create(_email));
        Services.AddSingleton<IOutboxDelivery>(sp => new OutboxDelivery(_database, Options.Create(_email), _clock, NullLogger<OutboxDelivery>.Instance));
        Services.AddSingleton<IAuditLog>(sp => new AuditLog(_database, sp.GetRequiredService<ICurrentActor>(), _clock));
        Services.AddScoped<IOutboxAdmin, OutboxAdmin>();
        SignInAs("admin");
    }

    public override async Task InitializeAsync() => _smtp = await LoopbackSmtpServer.StartAsync();

    protected override async Task DisposeTestAsync()
    {
        await _smtp.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task OutboxPage_MessagesInEveryState_NewestFirstWithStatusAndKindInWords()
    {
        // Arrange
        await AddAsync("old@students.example", OutboxStatus.Sent, minutesAgo: 30, sentMinutesAgo: 29);
        await AddAsync("gone@students.example", OutboxStatus.Failed, minutesAgo: 20, error: "The mail server refused it: 550 5.1.1 No such user here");
        await AddAsync("later@students.example", OutboxStatus.Waiting, minutesAgo: 10, attempts: 2, error: "Could not reach the mail server mail.school.example:587 (Connection refused).");
        await AddAsync("nobody", OutboxStatus.InvalidRecipient, minutesAgo: 5, error: "'nobody' is not an e-mail address.");
        await AddAsync("kept@students.example", OutboxStatus.NotSentNoServer, minutesAgo: 1, error: OutboxDelivery.NoServerReason);

        // Act
        var cut = Render<OutboxPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("#outbox-grid tbody tr[aria-rowindex]").Count));
        var rows = cut.FindAll("#outbox-grid tbody tr[aria-rowindex]").Select(r => r.TextContent).ToList();
        Assert.Contains("kept@students.example", rows[0]);
        Assert.Contains("Not sent: no mail server configured", rows[0]);
        Assert.Contains("Invalid recipient: 'nobody' is not an e-mail address.", rows[1]);
        Assert.Contains("Waiting (next try at 2026-12-01 10:05 UTC, attempt 3 of 8)", rows[2]);
        Assert.Contains("Failed: The mail server refused it: 550 5.1.1 No such user here", rows[3]);
        Assert.Contains("Sent at 2026-12-01 09:31 UTC", rows[4]);
        Assert.Contains("The client's reminder before the session", rows[4]);
        Assert.Contains("No mail server is configured", cut.Find("#no-mail-server").TextContent);
        Assert.Equal(["resend-5", "resend-2", "resend-1"], cut.FindAll("[id^=resend-]").Select(b => b.Id));
    }

    [Fact]
    public async Task OutboxPage_FailedFilterInTheAddress_ShowsOnlyFailedMessages()
    {
        // Arrange
        await AddAsync("old@students.example", OutboxStatus.Sent, minutesAgo: 30, sentMinutesAgo: 29);
        await AddAsync("gone@students.example", OutboxStatus.Failed, minutesAgo: 20, error: "The mail server refused it: 550 No such user");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/outbox?status=failed");

        // Act
        var cut = Render<OutboxPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#outbox-grid tbody tr[aria-rowindex]")));
        Assert.Contains("gone@students.example", cut.Find("#outbox-grid tbody tr[aria-rowindex]").TextContent);
        cut.WaitForAssertion(() => Assert.Equal("Failed (1)", cut.Find("#filter-status option[selected]").TextContent));
    }

    [Fact]
    public async Task OutboxPage_ResendAFailedMessage_ItIsSentAndTheRowSaysSo()
    {
        // Arrange
        _smtp.Configure(_email);
        await AddAsync("gone@students.example", OutboxStatus.Failed, minutesAgo: 20, error: "The mail server refused it: 550 No such user");
        var cut = Render<OutboxPage>();
        cut.WaitForAssertion(() => cut.Find("#resend-1"));

        // Act
        await cut.Find("#resend-1").ClickAsync(new());

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Sent at 2026-12-01 10:00 UTC", cut.Find("#outbox-grid tbody tr[aria-rowindex]").TextContent));
        Assert.Equal("gone@students.example", Assert.Single(_smtp.Received).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task OutboxMessagePage_Render_ShowsTheTextPartAndNotTheHtml()
    {
        // Arrange
        await AddAsync("client@students.example", OutboxStatus.Sent, minutesAgo: 5, sentMinutesAgo: 5);

        // Act
        var cut = Render<OutboxMessagePage>(p => p.Add(x => x.Id, 1L));

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Your session is tomorrow at 14:00.", cut.Find("#message-text").TextContent));
        Assert.DoesNotContain("<p>", cut.Find("#message-text").TextContent);
        Assert.DoesNotContain("<p>Your session", cut.Markup);
        Assert.Contains("Sent at 2026-12-01 09:55 UTC", cut.Find("#message-status").TextContent);
        Assert.Contains("Cleo Client <client@students.example>", cut.Find("#message-facts").TextContent);
    }

    [Fact]
    public void EmailSettingsPage_PasswordConfigured_ShownOnlyAsSet()
    {
        // Arrange
        _smtp.Configure(_email);
        _email.Smtp.User = "relay-user";
        _email.Smtp.Password = "s3cret-value";

        // Act
        var cut = Render<EmailSettingsPage>();

        // Assert
        cut.WaitForAssertion(() => Assert.Equal("set", cut.Find("#smtp-password").TextContent));
        Assert.DoesNotContain("s3cret-value", cut.Markup);
        Assert.Equal($"127.0.0.1:{_smtp.Port}", cut.Find("#smtp-host").TextContent);
        Assert.Equal("relay-user", cut.Find("#smtp-user").TextContent);
        Assert.Equal("North Writing Center <portal@school.example>", cut.Find("#smtp-from").TextContent);
    }

    [Fact]
    public async Task EmailSettingsPage_SendTestWithAServer_SaysSentAndItArrives()
    {
        // Arrange
        _smtp.Configure(_email);
        var cut = Render<EmailSettingsPage>();
        cut.WaitForAssertion(() => cut.Find("#send-test"));

        // Act
        await cut.Find("#send-test").ClickAsync(new());

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Sent to ada.admin@", cut.Find("#test-result").TextContent));
        Assert.StartsWith("ada.admin@", Assert.Single(_smtp.Received).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task EmailSettingsPage_SendTestWithoutAServer_SaysNoServerIsConfigured()
    {
        // Arrange
        var cut = Render<EmailSettingsPage>();
        cut.WaitForAssertion(() => cut.Find("#send-test"));

        // Act
        await cut.Find("#send-test").ClickAsync(new());

        // Assert
        cut.WaitForAssertion(() => Assert.Contains("Not sent: no mail server configured.", cut.Find("#test-result").TextContent));
        Assert.Contains("not configured", cut.Find("#smtp-host").TextContent);
    }

    private async Task AddAsync(string to, OutboxStatus status, int minutesAgo, int? sentMinutesAgo = null, int attempts = 1, string? error = null)
    {
        var now = _clock.GetUtcNow();
        await using var db = await ((IDbContextFactory<PortalDbContext>)_database).CreateDbContextAsync();
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = $"{Guid.NewGuid():N}@school.example", Kind = NotificationKind.ClientReminder, ToAddress = to, ToName = "Cleo Client",
            Subject = "Reminder: Essay review tomorrow", TextBody = "Your session is tomorrow at 14:00.\n\nJoin: https://portal.example/join/abc",
            HtmlBody = "<p>Your session is tomorrow at 14:00.</p>", Status = status, Attempts = attempts, LastError = error,
            CreatedAt = now.AddMinutes(-minutesAgo), NextAttemptAt = now.AddMinutes(5),
            SentAt = sentMinutesAgo is { } sent ? now.AddMinutes(-sent) : null,
        });
        await db.SaveChangesAsync();
    }
}
