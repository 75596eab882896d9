using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Features.Notifications;

namespace Portal.Core.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.Property(e => e.MessageId).HasMaxLength(100);
        b.HasIndex(e => e.MessageId).IsUnique();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.ToAddress).HasMaxLength(320);
        b.Property(e => e.ToName).HasMaxLength(300);
        b.Property(e => e.Subject).HasMaxLength(500);
        b.Property(e => e.CalendarFileName).HasMaxLength(100);
        b.Property(e => e.UnsubscribeUrl).HasMaxLength(1000);
        b.Property(e => e.ClaimedBy).HasMaxLength(200);
        b.Property(e => e.LastError).HasMaxLength(1000);
        b.HasIndex(e => new { e.Status, e.NextAttemptAt });
        b.HasIndex(e => e.CreatedAt);
        b.HasIndex(e => e.RecipientId);
        b.HasIndex(e => e.SessionId);
    }
}

internal sealed class NotificationRecipientConfiguration : IEntityTypeConfiguration<NotificationRecipient>
{
    public void Configure(EntityTypeBuilder<NotificationRecipient> b)
    {
        b.Ignore(e => e.RoleList);
        b.Property(e => e.ObjectId).HasMaxLength(100);
        b.Property(e => e.Email).HasMaxLength(320);
        b.Property(e => e.Name).HasMaxLength(300);
        b.Property(e => e.Roles).HasMaxLength(200);
        b.Property(e => e.AddressProblem).HasMaxLength(500);
        b.Property(e => e.DigestFrequency).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(e => e.ObjectId);
        b.HasIndex(e => e.Email);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.HasKey(e => new { e.RecipientId, e.Kind });
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(e => e.Delivery).HasConversion<string>().HasMaxLength(20);
        b.HasOne<NotificationRecipient>().WithMany().HasForeignKey(e => e.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DigestItemConfiguration : IEntityTypeConfiguration<DigestItem>
{
    public void Configure(EntityTypeBuilder<DigestItem> b)
    {
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(e => e.Subject).HasMaxLength(500);
        b.Property(e => e.Summary).HasMaxLength(2000);
        b.Property(e => e.Link).HasMaxLength(1000);
        b.HasIndex(e => new { e.RecipientId, e.DigestMessageId });
        b.HasOne<NotificationRecipient>().WithMany().HasForeignKey(e => e.RecipientId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationConditionConfiguration : IEntityTypeConfiguration<NotificationCondition>
{
    public void Configure(EntityTypeBuilder<NotificationCondition> b)
    {
        b.HasKey(e => e.Key);
        b.Property(e => e.Key).HasMaxLength(200);
        b.Ignore(e => e.IsActive);
    }
}

internal sealed class ClientReminderOptOutConfiguration : IEntityTypeConfiguration<ClientReminderOptOut>
{
    public void Configure(EntityTypeBuilder<ClientReminderOptOut> b)
    {
        b.HasKey(e => e.Email);
        b.Property(e => e.Email).HasMaxLength(320);
    }
}
