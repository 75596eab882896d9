using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;
using Portal.Tests.TestDoubles;

namespace Portal.Tests.Core.Notifications;

/// <summary>The people side of notifications over a test database, a fake clock and a settable actor.</summary>
public sealed class NotificationsHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public NotificationsHarness(string actorKey = "director", params string[] alertRecipients)
    {
        Email = new EmailOptions { PortalUrl = "https://portal.example.edu", InstitutionName = "Writing Center", AlertRecipients = [.. alertRecipients] };
        var options = Options.Create(Email);
        Links = new PortalLinks(options, new ServiceCollection().BuildServiceProvider());
        Outbox = new NotificationOutbox(options, Links, Clock);
        Actor = FakeCurrentActor.For(actorKey);
        Audit = new AuditLog(Database, Actor, Clock);
        SignIns = new RecordSignIn(Database, Clock, NullLogger<RecordSignIn>.Instance);
        Preferences = new NotificationPreferences(Database, Actor, Audit, Clock);
        Digest = new NotificationDigest(Database, Outbox, Links, options, Clock);
        Configured = new ConfiguredRecipients(Database, options, NullLogger<ConfiguredRecipients>.Instance);
    }

    public TestDatabase Database { get; } = new();
    public FakeTimeProvider Clock { get; } = new(Now);
    public EmailOptions Email { get; }
    public IPortalLinks Links { get; }
    public INotificationOutbox Outbox { get; }
    public FakeCurrentActor Actor { get; }
    public AuditLog Audit { get; }
    public RecordSignIn SignIns { get; }
    public NotificationPreferences Preferences { get; }
    public NotificationDigest Digest { get; }
    public ConfiguredRecipients Configured { get; }

    public PortalDbContext Db() => Database.CreateDbContext();

    /// <summary>Signs in the person with one role (their recipient row is recorded).</summary>
    public Task SignInAsync(string email, params string[] roles) =>
        SignIns.RecordAsync(new SignedInPerson($"oid-{email}", email, email.Split('@')[0], roles));

    /// <summary>Queues a message of the kind for its role and saves it, as a feature would.</summary>
    public async Task QueueForRoleAsync(NotificationKind kind, string subject = "Storage at 85%")
    {
        await using var db = Db();
        await Outbox.QueueForRoleAsync(db, kind, new MailContent(subject, subject, [$"{subject} on Main account."])
        {
            Action = new MailLink("Open the dashboard", Links.To("/dashboards/1")),
        });
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
