using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Data;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Recordings;
using Portal.Core.Features.SessionRecordings;
using Portal.Core.Identity;
using Portal.Core.Security;
using Portal.Tests.TestDoubles;
using Portal.ZoomSandbox;
using static Portal.Tests.Integration.Sessions.SessionsSandboxSeed;

namespace Portal.Tests.Integration.SessionRecordings;

/// <summary>
/// A session scheduled in the running portal against its Zoom sandbox, recorded there, and the portal's own services acting
/// as Dana Director (the recordings and publishing classes built afresh with her as the actor).
/// </summary>
public static class SessionRecordingsSandbox
{
    public const string WebhookSecret = "whsec_sessions_recordings";
    private static int s_slot;

    public sealed record ScheduledSession(long Id, string Token, long MeetingId, DateTimeOffset StartsAt, int ConnectionId);

    public static async Task<ScheduledSession> ScheduleAsync(PortalAppFactory factory, string topic)
    {
        var seed = await EnsureAsync(factory);
        var today = new DateTimeOffset(factory.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        // Days ahead of the sessions tests' slots, so the hosts' sessions never overlap when classes share a portal.
        var start = today.AddDays(20).AddHours(2 * Interlocked.Increment(ref s_slot));
        var (service, scope) = ServiceAs(factory, Roles.Director, Dana);
        using (scope)
        {
            var result = await service.ScheduleAsync(Request(seed.StaffIds[Terry], topic, start, 45));
            Assert.True(result.Succeeded, result.Message);
            await using var db = await Db(factory);
            var session = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == result.SessionId);
            return new ScheduledSession(session.Id, result.JoinToken!, session.ZoomMeetingId, session.StartsAt, seed.ConnectionId);
        }
    }

    /// <summary>The sandbox records the session's meeting at its scheduled time; returns the instance UUID.</summary>
    public static string Record(PortalAppFactory factory, ScheduledSession session) =>
        factory.Services.GetRequiredService<ZoomSandboxControl>().RecordMeeting(session.MeetingId, 40, session.StartsAt)
            ?? throw new InvalidOperationException("The sandbox has no such meeting.");

    /// <summary>The sandbox connection's webhook URL, with its secret token stored as the wizard stores it.</summary>
    public static async Task<string> WebhookUrlAsync(PortalAppFactory factory, int connectionId)
    {
        await using var db = await Db(factory);
        var connection = await db.ZoomConnections.SingleAsync(c => c.Id == connectionId);
        connection.EncryptedWebhookSecretToken = factory.Services.GetRequiredService<ISecretProtector>().Protect(WebhookSecret);
        await db.SaveChangesAsync();
        return $"{factory.BaseUrl}/zoom/webhooks/{connection.Slug}";
    }

    public static async Task<SessionRecording?> WaitForTieAsync(PortalAppFactory factory, long sessionId, string uuid)
    {
        for (var i = 0; i < 150; i++)
        {
            await using var db = await Db(factory);
            if (await db.Set<SessionRecording>().AsNoTracking().FirstOrDefaultAsync(r => r.SessionId == sessionId && r.MeetingUuid == uuid) is { } tie)
            {
                return tie;
            }
            await Task.Delay(200);
        }
        return null;
    }

    public static async Task<PortalDbContext> Db(PortalAppFactory factory) =>
        await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>A portal service (publishing, recordings) acting as Dana Director; dispose the scope after use.</summary>
    public static (T Service, IServiceScope Scope) AsDirector<T>(PortalAppFactory factory) where T : class
    {
        var scope = factory.Services.CreateScope();
        var actor = new FakeCurrentActor(new Actor(Dana, "dev-director", Dana, new HashSet<string> { Roles.Director }));
        var audit = ActivatorUtilities.CreateInstance<AuditLog>(scope.ServiceProvider, (ICurrentActor)actor);
        return (ActivatorUtilities.CreateInstance<T>(new Acting(scope.ServiceProvider, actor, audit)), scope);
    }

    private sealed class Acting(IServiceProvider scope, ICurrentActor actor, IAuditLog audit) : IServiceProvider
    {
        private static readonly string?[] s_fresh =
        [
            typeof(Portal.Core.Features.Sessions.SessionSteps).Namespace, typeof(SessionRecordingTies).Namespace, typeof(RecordingAccess).Namespace,
        ];

        public object? GetService(Type serviceType) =>
            serviceType == typeof(ICurrentActor) ? actor
            : serviceType == typeof(IAuditLog) ? audit
            : serviceType.IsClass && s_fresh.Contains(serviceType.Namespace) ? ActivatorUtilities.CreateInstance(this, serviceType)
            : scope.GetService(serviceType);
    }
}
