using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Core.Data;
using Portal.Core.Features.Alerts;
using Portal.Core.Features.Notifications;
using Portal.Core.Identity;

namespace Portal.Tests.TestDoubles;

/// <summary>The real outbox with a fixed portal address, the people who receive role messages, and the queued messages read back.</summary>
public static class TestNotifications
{
    public const string PortalUrl = "https://portal.example.edu";
    public const string AdminEmail = "ada.admin@writing.example.edu";
    public const string DirectorEmail = "dana.director@writing.example.edu";
    public const string TeacherEmail = "terry.teacher@writing.example.edu";

    public static IOptions<EmailOptions> EmailOptions { get; } = Options.Create(new EmailOptions { PortalUrl = PortalUrl, InstitutionName = "Test Writing Center" });

    public static IPortalLinks Links() => new PortalLinks(EmailOptions, new ServiceCollection().BuildServiceProvider());

    public static INotificationOutbox Outbox(TimeProvider clock) => new NotificationOutbox(EmailOptions, Links(), clock);

    /// <summary>The outbox and the alerts, for a harness built with dependency injection (it registers the TimeProvider).</summary>
    public static IServiceCollection AddTestNotifications(this IServiceCollection services)
    {
        services.AddSingleton(EmailOptions);
        services.AddSingleton(Links());
        services.AddSingleton<INotificationOutbox, NotificationOutbox>();
        services.AddAlertsFeature();
        return services;
    }

    /// <summary>An administrator, a director and a teacher who signed in at <paramref name="now"/>.</summary>
    public static async Task AddPeopleAsync(PortalDbContext db, DateTimeOffset now)
    {
        db.NotificationRecipients.AddRange(
            new NotificationRecipient { Email = AdminEmail, Name = "Ada Admin", Roles = Roles.Admin, LastSignInAt = now },
            new NotificationRecipient { Email = DirectorEmail, Name = "Dana Director", Roles = Roles.Director, LastSignInAt = now },
            new NotificationRecipient { Email = TeacherEmail, Name = "Terry Teacher", Roles = Roles.Teacher, LastSignInAt = now });
        await db.SaveChangesAsync();
    }

    public static async Task<List<OutboxMessage>> MessagesAsync(PortalDbContext db, NotificationKind? kind = null) =>
        await db.OutboxMessages.AsNoTracking().Where(m => kind == null || m.Kind == kind).OrderBy(m => m.Id).ToListAsync();
}
