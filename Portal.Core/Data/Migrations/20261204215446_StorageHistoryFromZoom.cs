using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class StorageHistoryFromZoom : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "StorageFreeUsedBytes",
                table: "UsageSnapshots",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StorageHistoryProblem",
                table: "UsageSnapshots",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UsageReportDays",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConnectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    UsedBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    PlanUsedBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    FreeUsedBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    FetchedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageReportDays", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsageReportDays_ConnectionId_Day",
                table: "UsageReportDays",
                columns: new[] { "ConnectionId", "Day" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsageReportDays");

            migrationBuilder.DropColumn(
                name: "StorageFreeUsedBytes",
                table: "UsageSnapshots");

            migrationBuilder.DropColumn(
                name: "StorageHistoryProblem",
                table: "UsageSnapshots");
        }
    }
}
