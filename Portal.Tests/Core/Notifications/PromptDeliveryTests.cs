using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Features.Notifications;
using Portal.Core.Jobs;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Notifications;

/// <summary>A queued message leaves as soon as the caller's SaveChanges commits it, without waiting for the outbox job.</summary>
public sealed class PromptDeliveryTests
{
    [Fact]
    public async Task SaveChanges_MessageQueued_BackgroundDeliverySendsItWithoutTheJob()
    {
        // Arrange
        await using var h = new OutboxHarness();
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        smtp.Configure(h.Email);
        var signal = new OutboxSignal();
        var outbox = new NotificationOutbox(Options.Create(h.Email), new FixedLinks(), h.Clock, signal);
        using var background = new OutboxBackgroundDelivery(signal, h.NewDelivery(), Options.Create(new JobsOptions()), NullLogger<OutboxBackgroundDelivery>.Instance);
        await background.StartAsync(CancellationToken.None);

        // Act
        await using (var db = await h.Db.CreateDbContextAsync())
        {
            await outbox.QueueToAsync(db, NotificationKind.ClientSessionLink, new Addressee("client@students.example", "Cleo Client"), OutboxHarness.Content());
            await db.SaveChangesAsync();
        }

        // Assert
        var mail = await smtp.WaitForMessageAsync(timeout: TimeSpan.FromSeconds(60));
        Assert.Equal("client@students.example", mail.To.Mailboxes.Single().Address);
        await background.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task SaveChanges_SchedulerSwitchedOff_NothingIsSentUntilTheJobRuns()
    {
        // Arrange
        await using var h = new OutboxHarness();
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        smtp.Configure(h.Email);
        var signal = new OutboxSignal();
        var outbox = new NotificationOutbox(Options.Create(h.Email), new FixedLinks(), h.Clock, signal);
        using var background = new OutboxBackgroundDelivery(signal, h.NewDelivery(), Options.Create(new JobsOptions { Enabled = false }),
            NullLogger<OutboxBackgroundDelivery>.Instance);
        await background.StartAsync(CancellationToken.None);

        // Act
        await using (var db = await h.Db.CreateDbContextAsync())
        {
            await outbox.QueueToAsync(db, NotificationKind.ClientSessionLink, new Addressee("client@students.example", "Cleo Client"), OutboxHarness.Content());
            await db.SaveChangesAsync();
        }
        await Task.Delay(TimeSpan.FromSeconds(1));
        var summary = await new OutboxDeliveryJob(h.NewDelivery()).RunAsync(new JobContext(null, new Progress<JobProgress>(), "test"), CancellationToken.None);

        // Assert
        Assert.Equal("Sent 1 e-mail.", summary);
        Assert.Single(smtp.Received);
        await background.StopAsync(CancellationToken.None);
    }

    private sealed class FixedLinks : IPortalLinks
    {
        public string To(string path) => "https://portal.school.example/" + path.TrimStart('/');
    }
}
