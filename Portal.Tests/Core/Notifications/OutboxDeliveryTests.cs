using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Core.Data;
using MimeKit;
using Portal.Core.Features.Notifications;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Notifications;

/// <summary>Delivery through a real SMTP conversation with a server on loopback: what arrives, and what happens when it does not.</summary>
public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private readonly OutboxHarness _h = new();
    private LoopbackSmtpServer _smtp = null!;

    public async Task InitializeAsync()
    {
        _smtp = await LoopbackSmtpServer.StartAsync();
        _smtp.Configure(_h.Email);
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task DeliverDueAsync_MessageWithCalendarAndUnsubscribe_ArrivesWithBothPartsTheIcsAndOneClickHeaders()
    {
        // Arrange
        var content = OutboxHarness.Content() with { Calendar = new MailCalendar("session.ics", "BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n") };
        var row = await _h.QueueAsync(content: content, unsubscribe: "https://portal.school.example/reminders/stop/t0k3n");

        // Act
        var report = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(1, report.Sent);
        var mail = Assert.Single(_smtp.Received);
        Assert.Equal(row.MessageId, mail.MessageId);
        Assert.EndsWith("@school.example", mail.MessageId);
        var to = Assert.Single(mail.To.Mailboxes);
        Assert.Equal(("Cleo Client", "client@students.example"), (to.Name, to.Address));
        Assert.Empty(mail.Cc);
        Assert.Empty(mail.Bcc);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal(("North Writing Center", LoopbackSmtpServer.From), (from.Name, from.Address));
        Assert.Equal("Your session tomorrow", mail.Subject);
        Assert.Contains("Open the session: https://portal.school.example/join/abc", mail.TextBody);
        Assert.Contains("href=\"https://portal.school.example/join/abc\"", mail.HtmlBody);
        Assert.Contains("Stop reminders for this address: https://portal.school.example/reminders/stop/t0k3n", mail.TextBody);
        var ics = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal("text/calendar", ics.ContentType.MimeType);
        Assert.Equal("PUBLISH", ics.ContentType.Parameters["method"]);
        Assert.Equal("session.ics", ics.FileName);
        using (var reader = new StreamReader(ics.Content!.Open()))
        {
            Assert.Contains("METHOD:PUBLISH", await reader.ReadToEndAsync());
        }
        Assert.Equal("<https://portal.school.example/reminders/stop/t0k3n>", mail.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var stored = await _h.RowAsync(row.Id);
        Assert.Equal(OutboxStatus.Sent, stored.Status);
        Assert.Equal(_h.Clock.GetUtcNow(), stored.SentAt);
        Assert.Null(stored.ClaimedBy);
    }

    [Fact]
    public async Task DeliverDueAsync_CrLfInTheNameAndSubject_NoHeaderIsInjected()
    {
        // Arrange
        await _h.QueueAsync(name: "Eve\r\nBcc: victim@evil.example", content: OutboxHarness.Content("Hello\r\nBcc: other@evil.example\r\nX-Injected: yes"));

        // Act
        await _h.NewDelivery().DeliverDueAsync();

        // Assert
        var mail = Assert.Single(_smtp.Received);
        Assert.Empty(mail.Bcc);
        Assert.Empty(mail.Cc);
        Assert.False(mail.Headers.Contains("X-Injected"));
        Assert.Equal("Hello Bcc: other@evil.example X-Injected: yes", mail.Subject);
        var to = Assert.Single(mail.To.Mailboxes);
        Assert.Equal(("Eve Bcc: victim@evil.example", "client@students.example"), (to.Name, to.Address));
    }

    [Fact]
    public async Task DeliverDueAsync_ServerRefusesTheRecipient_FailedWithTheServersReasonAndNotRetried()
    {
        // Arrange
        _smtp.Refuse("gone@students.example", "No such user here");
        var refused = await _h.QueueAsync(to: "gone@students.example");
        var fine = await _h.QueueAsync(to: "client@students.example");

        // Act
        var first = await _h.NewDelivery().DeliverDueAsync();
        _h.Clock.Advance(TimeSpan.FromHours(3));
        var second = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(new OutboxDeliveryReport(1, 0, 1, 0), first);
        Assert.Equal(OutboxDeliveryReport.None, second);
        var row = await _h.RowAsync(refused.Id);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("550", row.LastError);
        Assert.Contains("No such user here", row.LastError);
        Assert.Equal(OutboxStatus.Sent, (await _h.RowAsync(fine.Id)).Status);
        Assert.Equal("client@students.example", Assert.Single(_smtp.Received).To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task DeliverDueAsync_ServerSaysTryLater_WaitsWithBackOffThenIsDelivered()
    {
        // Arrange
        _smtp.Refuse("busy@students.example", "Mailbox busy, try later", forNow: true);
        var queued = await _h.QueueAsync(to: "busy@students.example");

        // Act
        var first = await _h.NewDelivery().DeliverDueAsync();
        var waiting = await _h.RowAsync(queued.Id);
        _smtp.Accept("busy@students.example");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(new OutboxDeliveryReport(0, 1, 0, 0), first);
        Assert.Equal(OutboxStatus.Waiting, waiting.Status);
        Assert.StartsWith("The mail server answered 450", waiting.LastError);
        Assert.Contains("Mailbox busy, try later", waiting.LastError);
        Assert.Equal(1, second.Sent);
        Assert.Equal(queued.MessageId, Assert.Single(_smtp.Received).MessageId);
    }

    [Fact]
    public async Task DeliverDueAsync_ServerDown_WaitsWithBackOffThenIsDeliveredOnceTheServerIsUp()
    {
        // Arrange
        var queued = await _h.QueueAsync();
        await _smtp.StopAsync();

        // Act
        var whileDown = await _h.NewDelivery().DeliverDueAsync();
        var waiting = await _h.RowAsync(queued.Id);
        await _smtp.RestartAsync();
        var beforeDue = await _h.NewDelivery().DeliverDueAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var afterDue = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(new OutboxDeliveryReport(0, 1, 0, 0), whileDown);
        Assert.Equal(OutboxStatus.Waiting, waiting.Status);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal(queued.CreatedAt + TimeSpan.FromMinutes(1), waiting.NextAttemptAt);
        Assert.Contains("Could not reach the mail server 127.0.0.1", waiting.LastError);
        Assert.Equal(OutboxDeliveryReport.None, beforeDue);
        Assert.Equal(1, afterDue.Sent);
        Assert.Equal(queued.MessageId, Assert.Single(_smtp.Received).MessageId);
        Assert.Equal(OutboxStatus.Sent, (await _h.RowAsync(queued.Id)).Status);
    }

    [Fact]
    public async Task DeliverDueAsync_ServerDownWithMoreThanOneBatchDue_StopsAfterTheFirstBatch()
    {
        // Arrange
        await using (var db = await _h.Db.CreateDbContextAsync())
        {
            for (var i = 0; i < OutboxDelivery.BatchSize + 20; i++)
            {
                await _h.Outbox.QueueToAsync(db, NotificationKind.ClientReminder, new Addressee($"client{i}@students.example", null), OutboxHarness.Content());
            }
            await db.SaveChangesAsync();
        }
        await _smtp.StopAsync();

        // Act
        var report = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(new OutboxDeliveryReport(0, OutboxDelivery.BatchSize, 0, 0), report);
        await using var check = await _h.Db.CreateDbContextAsync();
        Assert.Equal(20, await check.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Waiting && m.Attempts == 0));
    }

    [Fact]
    public async Task DeliverDueAsync_ServerHangsUpBeforeTheFinalDot_RetriedAndDeliveredOnce()
    {
        // Arrange
        var queued = await _h.QueueAsync();
        await using var hangUp = new HangUpSmtpServer(HangUpSmtpServer.Moment.BeforeFinalDot);
        _h.Email.Smtp.Port = hangUp.Port;

        // Act
        var dropped = await _h.NewDelivery().DeliverDueAsync();
        var waiting = await _h.RowAsync(queued.Id);
        _smtp.Configure(_h.Email);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var retried = await _h.NewDelivery().DeliverDueAsync();
        _h.Clock.Advance(TimeSpan.FromHours(1));
        var again = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(1, hangUp.HangUps);
        Assert.Equal(new OutboxDeliveryReport(0, 1, 0, 0), dropped);
        Assert.Equal(OutboxStatus.Waiting, waiting.Status);
        Assert.Contains("lost before it confirmed", waiting.LastError);
        Assert.Equal(1, retried.Sent);
        Assert.Equal(OutboxDeliveryReport.None, again);
        Assert.Equal(queued.MessageId, Assert.Single(_smtp.Received).MessageId);
        Assert.Equal(2, (await _h.RowAsync(queued.Id)).Attempts);
    }

    [Fact]
    public async Task DeliverDueAsync_ServerHangsUpAfterTheFinalDotBeforeItsAnswer_SentAgainWithTheSameMessageId()
    {
        // Arrange
        var queued = await _h.QueueAsync();
        await using var hangUp = new HangUpSmtpServer(HangUpSmtpServer.Moment.AfterFinalDot);
        _h.Email.Smtp.Port = hangUp.Port;

        // Act
        await _h.NewDelivery().DeliverDueAsync();
        _smtp.Configure(_h.Email);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.NewDelivery().DeliverDueAsync();

        // Assert: at least once; the repeat carries the same Message-ID, so the receiving side can recognise it.
        Assert.Equal([queued.MessageId], hangUp.MessageIdsSeen);
        Assert.Equal(queued.MessageId, Assert.Single(_smtp.Received).MessageId);
        Assert.Equal(OutboxStatus.Sent, (await _h.RowAsync(queued.Id)).Status);
    }

    [Fact]
    public async Task DeliverDueAsync_AcceptedMessage_IsNotSentAgainOnTheNextRuns()
    {
        // Arrange
        await _h.QueueAsync();
        await _h.NewDelivery().DeliverDueAsync();

        // Act
        _h.Clock.Advance(TimeSpan.FromHours(2));
        var next = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(OutboxDeliveryReport.None, next);
        Assert.Single(_smtp.Received);
    }

    [Fact]
    public async Task DeliverDueAsync_TwoDeliverersRacingOverTheSameRows_EachMessageIsSentOnce()
    {
        // Arrange
        for (var i = 0; i < 40; i++)
        {
            await _h.QueueAsync(to: $"client{i}@students.example");
        }
        // Both pick their candidates before either claims: the same 40 rows, so only the claim's condition keeps them apart.
        using var bothPicked = new Barrier(2);
        var a = _h.NewDelivery(new PauseAfterPicking(_h.Database, bothPicked));
        var b = _h.NewDelivery(new PauseAfterPicking(_h.Database, bothPicked));

        // Act
        var reports = await Task.WhenAll(Task.Run(() => a.DeliverDueAsync()), Task.Run(() => b.DeliverDueAsync()));

        // Assert
        Assert.Equal(40, reports.Sum(r => r.Sent));
        Assert.Equal(40, _smtp.Received.Count);
        Assert.Equal(40, _smtp.Received.Select(m => m.MessageId).Distinct().Count());
        await using var db = await _h.Db.CreateDbContextAsync();
        Assert.Equal(40, await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent));
    }

    [Fact]
    public async Task DeliverDueAsync_ClaimOfAStoppedInstanceExpired_MessageIsClaimedAgainAndSent()
    {
        // Arrange
        var queued = await _h.QueueAsync();
        await using (var db = await _h.Db.CreateDbContextAsync())
        {
            await db.OutboxMessages.Where(m => m.Id == queued.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.ClaimedBy, "gone:1")
                .SetProperty(m => m.ClaimedUntil, _h.Clock.GetUtcNow().AddMinutes(5)));
        }

        // Act
        var whileClaimed = await _h.NewDelivery().DeliverDueAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(6));
        var afterExpiry = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(OutboxDeliveryReport.None, whileClaimed);
        Assert.Equal(1, afterExpiry.Sent);
        Assert.Single(_smtp.Received);
    }

    [Fact]
    public async Task DeliverDueAsync_NoMailServerConfigured_KeptAsNotSentWithTheReason()
    {
        // Arrange
        _h.Email.Smtp.Host = null;
        var queued = await _h.QueueAsync();

        // Act
        var report = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(new OutboxDeliveryReport(0, 0, 0, 1), report);
        var row = await _h.RowAsync(queued.Id);
        Assert.Equal(OutboxStatus.NotSentNoServer, row.Status);
        Assert.Equal("Not sent: no mail server configured.", row.LastError);
        Assert.Empty(_smtp.Received);
    }

    [Fact]
    public async Task DeliverDueAsync_InvalidRecipient_IsNeverSent()
    {
        // Arrange
        var queued = await _h.QueueAsync(to: "not an address");

        // Act
        var report = await _h.NewDelivery().DeliverDueAsync();

        // Assert
        Assert.Equal(OutboxDeliveryReport.None, report);
        Assert.Equal(OutboxStatus.InvalidRecipient, (await _h.RowAsync(queued.Id)).Status);
        Assert.Empty(_smtp.Received);
    }

    [Fact]
    public async Task DeliverDueAsync_ServerStaysDownForEveryAttempt_FailedAfterMaxAttempts()
    {
        // Arrange
        _h.Email.MaxAttempts = 3;
        var queued = await _h.QueueAsync();
        await _smtp.StopAsync();

        // Act
        var reports = new List<OutboxDeliveryReport>();
        for (var i = 0; i < 3; i++)
        {
            reports.Add(await _h.NewDelivery().DeliverDueAsync());
            _h.Clock.Advance(TimeSpan.FromHours(1));
        }

        // Assert
        Assert.Equal([new(0, 1, 0, 0), new(0, 1, 0, 0), new(0, 0, 1, 0)], reports);
        var row = await _h.RowAsync(queued.Id);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.StartsWith("Gave up after 3 attempts. Last: Could not reach the mail server", row.LastError);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 5)]
    [InlineData(3, 15)]
    [InlineData(4, 60)]
    [InlineData(9, 60)]
    public void BackOffAfter_FailedAttempts_GrowsAndIsCappedAtAnHour(int attempts, int minutes)
    {
        // Arrange / Act
        var wait = OutboxDelivery.BackOffAfter(attempts);

        // Assert
        Assert.Equal(TimeSpan.FromMinutes(minutes), wait);
    }

    /// <summary>A context factory whose contexts wait for the other deliverer once, right after reading the first batch's candidates.</summary>
    private sealed class PauseAfterPicking(TestDatabase database, Barrier barrier) : IDbContextFactory<PortalDbContext>
    {
        private int _paused;

        public PortalDbContext CreateDbContext() =>
            new(database.Configure(new DbContextOptionsBuilder<PortalDbContext>()).AddInterceptors(new Pause(this)).Options);

        private sealed class Pause(PauseAfterPicking owner) : DbCommandInterceptor
        {
            public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
                CancellationToken cancellationToken = default)
            {
                if (command.CommandText.Contains("\"OutboxMessages\"", StringComparison.Ordinal) && command.CommandText.Contains("LIMIT", StringComparison.Ordinal)
                    && Interlocked.Exchange(ref owner._paused, 1) == 0)
                {
                    await Task.Run(() => owner.Barrier.SignalAndWait(TimeSpan.FromSeconds(20)), cancellationToken);
                }
                return result;
            }
        }

        public Barrier Barrier => barrier;
    }
}
