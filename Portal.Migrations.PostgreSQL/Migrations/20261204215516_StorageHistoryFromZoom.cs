using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Migrations.PostgreSQL.Migrations
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
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StorageHistoryProblem",
                table: "UsageSnapshots",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "UsageReportDays",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<int>(type: "integer", nullable: false),
                    UsedBytes = table.Column<long>(type: "bigint", nullable: true),
                    PlanUsedBytes = table.Column<long>(type: "bigint", nullable: true),
                    FreeUsedBytes = table.Column<long>(type: "bigint", nullable: true),
                    FetchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
