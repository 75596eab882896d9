using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Data;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.SessionMessages;
using Portal.Tests.Integration.Sessions;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;

namespace Portal.Tests.Browser;

/// <summary>
/// One page of the portal as the role that uses it. <paramref name="Path"/> may hold {staff}, {session}, {connection},
/// {share}, {join} and {reminders}, filled from <see cref="PortalPages.SeedAsync"/>; <paramref name="MainAction"/> is the control the page is for;
/// <paramref name="Ready"/> is what shows once its data has loaded; <paramref name="RowAction"/> is a button in the first row of its list.
/// </summary>
public sealed record PortalPage(string Name, string Role, string Path, string? MainAction = null, string? Ready = null, bool Interactive = true,
    string? RowAction = null)
{
    public override string ToString() => Name;
}

/// <summary>Every page of the portal (one entry per @page route and view), for the accessibility and phone layout tests.</summary>
public static class PortalPages
{
    public const string Anonymous = "anonymous";

    public static readonly IReadOnlyList<PortalPage> All =
    [
        new("dev-sign-in", Anonymous, "/dev/login", "#dev-login-submit", Interactive: false),
        new("join-link-invalid", Anonymous, "/join/not-a-token", Interactive: false),
        new("join-client-page", Anonymous, "{join}", "#add-to-calendar", "#client-session", Interactive: false),
        new("shared-recording", Anonymous, "{share}", "#shared-player", Interactive: false),
        new("shared-recording-invalid", Anonymous, "/shared/not-a-token", Interactive: false),
        new("reminders-stop", Anonymous, "{reminders}", "#stop-reminders", Interactive: false),
        new("reminders-stop-invalid", Anonymous, "/reminders/stop/not-a-token", Interactive: false),

        new("home-teacher", "teacher", "/"),
        new("sessions-mine", "teacher", "/sessions/mine", "#schedule-session"),
        new("sessions-schedule", "teacher", "/sessions/new", "#schedule-submit"),
        new("session-details", "teacher", "/sessions/{session}", "#start-session"),
        new("recordings-mine", "teacher", "/recordings/mine", ".delete-button", ".delete-button"),
        new("staff-me", "teacher", "/staff/me", Ready: "#member-summary"),
        new("status-403", "teacher", "/status/403", "text=Go to your home page", Interactive: false),
        new("status-404", "teacher", "/not-found", "text=Go to your home page", Interactive: false),

        new("home-director", "director", "/"),
        new("staff-roster", "director", "/staff", "#add-member", "#staff-grid tbody tr button", RowAction: "#staff-grid tbody tr button"),
        new("staff-unmatched", "director", "/staff?filter=unmatched", "#add-member"),
        new("staff-reclaim", "director", "/staff?filter=reclaim", "#add-member"),
        new("staff-member", "director", "/staff/{staff}", "#edit-member", "#member-summary"),
        new("staff-edit", "director", "/staff/{staff}/edit", "#save-member"),
        new("staff-new", "director", "/staff/new", "#save-member"),
        new("staff-import", "director", "/staff/import", "#import-file"),
        new("sessions-center", "director", "/sessions", "#schedule-session"),
        new("recordings-cleanup", "director", "/recordings/cleanup", "#scan"),
        new("recordings-of-staff", "director", "/recordings/staff/{staff}", ".delete-button", ".delete-button"),
        new("dashboards", "director", "/dashboards", "#usage-cards a", "#usage-cards"),
        new("dashboard-connection", "director", "/dashboards/{connection}"),
        new("audit", "director", "/audit", "#apply-filters", "#audit-grid"),
        new("attendance-report", "director", "/reports/attendance", "#report-run", "#report-table"),
        new("notification-preferences", "director", "/notifications", "#save-preferences", "#my-address"),

        new("home-admin", "admin", "/"),
        new("connections", "admin", "/connections", "#new-connection", "#connections-table"),
        new("connection-wizard", "admin", "/connections/new", "#wizard-next"),
        new("connection-details", "admin", "/connections/{connection}", "#reverify", "#connection-facts"),
        new("connection-link-failed", "admin", "/connections/link-failed", "#back-to-connections"),
        new("webhooks", "admin", "/webhooks", "#refresh"),
        new("jobs", "admin", "/jobs", "[id^=run-]", "#jobs-table"),
        new("outbox", "admin", "/outbox", "#filter-status", "[id^=view-]"),
        new("outbox-message", "admin", "{outbox}", "#back-to-outbox", "#message-text"),
        new("email-settings", "admin", "/settings/email", "#send-test", "#mail-server"),
    ];

    public static readonly string[] Roles = [Anonymous, "teacher", "director", "admin"];

    public static IEnumerable<PortalPage> Of(string role) => All.Where(p => p.Role == role);

    /// <summary>A scheduled session hosted by Terry, a share of one of Terry's recordings and the roster, once per portal.</summary>
    public static Task<IReadOnlyDictionary<string, string>> SeedAsync(PortalAppFactory factory)
    {
        lock (s_seeded)
        {
            return s_seeded.GetValue(factory, SeedOnceAsync);
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PortalAppFactory, Task<IReadOnlyDictionary<string, string>>> s_seeded = [];

    private static async Task<IReadOnlyDictionary<string, string>> SeedOnceAsync(PortalAppFactory factory)
    {
        var sessions = await SessionsSandboxSeed.EnsureAsync(factory);
        var recordings = await RecordingsSandboxSeed.EnsureAsync(factory);
        long sessionId;
        string joinPath;
        var (service, scope) = SessionsSandboxSeed.ServiceAs(factory, Portal.Core.Identity.Roles.Director, SessionsSandboxSeed.Dana);
        using (scope)
        {
            var start = factory.Clock.GetUtcNow().AddDays(2);
            var scheduled = await service.ScheduleAsync(SessionsSandboxSeed.Request(recordings.TerryId, "Essay review", start));
            Assert.True(scheduled.Succeeded, scheduled.Message);
            sessionId = scheduled.SessionId!.Value;
            // The session's meeting recorded in the sandbox, so its page shows the Recording section.
            await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
            var meetingId = await db.Sessions.Where(s => s.Id == sessionId).Select(s => s.ZoomMeetingId).SingleAsync();
            factory.Services.GetRequiredService<ZoomSandboxControl>().RecordMeeting(meetingId, 40, start);
            joinPath = "/join/" + scheduled.JoinToken;
        }
        string sharePath;
        await using (var teacher = RecordingsSandboxSeed.ScopeAs(factory, "teacher"))
        {
            Assert.Null((await teacher.ServiceProvider.GetRequiredService<IRecordingService>().ListForSessionAsync(sessionId)).Refusal);
            var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
            var found = new List<RecordingItem>();
            await foreach (var month in teacher.ServiceProvider.GetRequiredService<IRecordingService>().ListByMonthAsync(recordings.TerryId, today.AddDays(-60), today))
            {
                found.AddRange(month.Recordings);
            }
            var share = await teacher.ServiceProvider.GetRequiredService<IRecordingShareService>().CreateAsync(recordings.ConnectionId, found[0].MeetingUuid, 7);
            sharePath = share.Value!.Path;
        }
        long outboxId;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var now = factory.Clock.GetUtcNow();
            var message = new Portal.Core.Features.Notifications.OutboxMessage
            {
                MessageId = $"{Guid.NewGuid():N}@school.example", Kind = Portal.Core.Features.Notifications.NotificationKind.ClientReminder,
                ToAddress = "client.with.a.rather.long.address@students.example.edu", ToName = "Cleo Client", Subject = "Reminder: Essay review tomorrow",
                TextBody = "Your session is tomorrow at 14:00.\n\nJoin: https://portal.example/join/abc", HtmlBody = "<p>Your session is tomorrow.</p>",
                Status = Portal.Core.Features.Notifications.OutboxStatus.Failed, LastError = "The mail server refused it: 550 5.1.1 Mailbox does not exist",
                Attempts = 1, CreatedAt = now, NextAttemptAt = now,
            };
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            outboxId = message.Id;
        }
        return new Dictionary<string, string>
        {
            ["{outbox}"] = "/outbox/" + outboxId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{staff}"] = recordings.TerryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{session}"] = sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{connection}"] = sessions.ConnectionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["{share}"] = sharePath,
            ["{join}"] = joinPath,
            ["{reminders}"] = ReminderStopPath(factory),
        };
    }

    private static string ReminderStopPath(PortalAppFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        return ClientReminderOptOuts.PathPrefix + scope.ServiceProvider.GetRequiredService<ClientReminderOptOuts>().TokenFor("chris@example.org");
    }

    public static string Resolve(PortalPage page, IReadOnlyDictionary<string, string> seeded) =>
        seeded.Aggregate(page.Path, (path, pair) => path.Replace(pair.Key, pair.Value, StringComparison.Ordinal));

    /// <summary>A browser context at the given width and theme, signed in as the role (unless anonymous).</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, string baseUrl, string role, bool dark)
    {
        await context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = dark ? "dark" : "light", Url = baseUrl }]);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30000);
        if (role != Anonymous)
        {
            await page.SignInAsync(baseUrl, role);
        }
        return page;
    }

    /// <summary>Opens the page and waits until it is interactive and its data is on screen.</summary>
    public static async Task VisitAsync(IPage page, string baseUrl, PortalPage target, IReadOnlyDictionary<string, string> seeded)
    {
        await page.GotoAsync(baseUrl + Resolve(target, seeded));
        if (target.Interactive)
        {
            await page.WaitForInteractiveAsync();
        }
        if (target.Ready is { } ready)
        {
            await page.Locator(ready).First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30000 });
        }
        // Let the circuit's follow-up renders (data loaded after the first render) settle.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
