using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Connections;
using Portal.Core.Features.Notifications;
using Portal.Core.Features.Outcomes;
using Portal.Core.Features.Sessions;
using Portal.Core.Features.Staff;
using Portal.Core.Features.Usage;
using Portal.Core.Features.Webhooks;
using Portal.Core.Jobs;

namespace Portal.Core.Data;

// Migrations: one set per provider (README "Migrations"): SQLite here in Data/Migrations, PostgreSQL in Portal.Migrations.PostgreSQL.
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ZoomConnection> ZoomConnections => Set<ZoomConnection>();
    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();
    public DbSet<StaffMapping> StaffMappings => Set<StaffMapping>();
    public DbSet<ZoomUserSnapshot> ZoomUserSnapshots => Set<ZoomUserSnapshot>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<UsageSnapshot> UsageSnapshots => Set<UsageSnapshot>();
    public DbSet<StorageFreedEstimate> StorageFreedEstimates => Set<StorageFreedEstimate>();
    public DbSet<UsageReportDay> UsageReportDays => Set<UsageReportDay>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<SessionJoinClick> SessionJoinClicks => Set<SessionJoinClick>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<ZoomLinkAttempt> ZoomLinkAttempts => Set<ZoomLinkAttempt>();
    public DbSet<MeetingFact> MeetingFacts => Set<MeetingFact>();
    public DbSet<SessionOutcome> SessionOutcomes => Set<SessionOutcome>();
    public DbSet<SessionAttendance> SessionAttendances => Set<SessionAttendance>();
    public DbSet<AttendeeAssignment> AttendeeAssignments => Set<AttendeeAssignment>();
    public DbSet<MeetingEventTally> MeetingEventTallies => Set<MeetingEventTally>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<NotificationRecipient> NotificationRecipients => Set<NotificationRecipient>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<DigestItem> DigestItems => Set<DigestItem>();
    public DbSet<NotificationCondition> NotificationConditions => Set<NotificationCondition>();
    public DbSet<ClientReminderOptOut> ClientReminderOptOuts => Set<ClientReminderOptOut>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset; stored as UTC ticks instead (all values are UTC).
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
