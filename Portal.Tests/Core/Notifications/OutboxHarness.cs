using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Notifications;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Notifications;

/// <summary>A migrated database, the real outbox and its delivery, on a fake clock; the mail server is whatever the test points Email at.</summary>
internal sealed class OutboxHarness : IAsyncDisposable
{
    public TestDatabase Database { get; } = new();
    public IDbContextFactory<PortalDbContext> Db => Database;
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    public EmailOptions Email { get; } = new() { InstitutionName = "North Writing Center" };
    public FakeCurrentActor Actor { get; } = FakeCurrentActor.For("admin");

    public INotificationOutbox Outbox => new NotificationOutbox(Options.Create(Email), new FixedLinks(), Clock, new OutboxSignal());

    /// <summary>A deliverer of its own, as another portal instance would have.</summary>
    public OutboxDelivery NewDelivery(IDbContextFactory<PortalDbContext>? database = null) =>
        new(database ?? Database, Options.Create(Email), Clock, NullLogger<OutboxDelivery>.Instance);

    public IOutboxAdmin Admin => new OutboxAdmin(Database, NewDelivery(), Options.Create(Email), Actor, new AuditLog(Database, Actor, Clock), Clock);

    public static MailContent Content(string subject = "Your session tomorrow") =>
        new(subject, "See you tomorrow", ["Your session with Terry Teacher is on 2 December at 14:00 (UTC+01:00)."])
        {
            Action = new MailLink("Open the session", "https://portal.school.example/join/abc"),
        };

    public async Task<OutboxMessage> QueueAsync(string to = "client@students.example", string? name = "Cleo Client", MailContent? content = null,
        string? unsubscribe = null, NotificationKind kind = NotificationKind.ClientReminder)
    {
        await using var db = await Db.CreateDbContextAsync();
        await Outbox.QueueToAsync(db, kind, new Addressee(to, name, unsubscribe), content ?? Content());
        var row = db.OutboxMessages.Local.Single();
        await db.SaveChangesAsync();
        return row;
    }

    public async Task<OutboxMessage> RowAsync(long id)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();

    private sealed class FixedLinks : IPortalLinks
    {
        public string To(string path) => "https://portal.school.example/" + path.TrimStart('/');
    }
}
