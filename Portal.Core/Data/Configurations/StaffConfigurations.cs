using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Core.Features.Staff;

namespace Portal.Core.Data.Configurations;

internal sealed class StaffHistoryConfiguration : IEntityTypeConfiguration<StaffHistory>
{
    public void Configure(EntityTypeBuilder<StaffHistory> b)
    {
        b.ToTable("StaffHistory");
        b.HasIndex(e => new { e.StaffMemberId, e.Id });
        b.Property(e => e.Summary).HasMaxLength(1000);
    }
}
