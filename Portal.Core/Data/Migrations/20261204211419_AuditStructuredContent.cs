using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditStructuredContent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Changes",
                table: "AuditEntries",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "TargetId",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetKind",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetName",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            // Entries written before this migration: the kind, id and name come from the Target text where it has them
            // ("staff:42 ann@school.edu", "session:17", "recording:<uuid>"); their values stay in OldValue/NewValue.
            migrationBuilder.Sql("""
                UPDATE "AuditEntries" SET
                    "TargetKind" = substr("Target", 1, instr("Target", ':') - 1),
                    "TargetId" = CASE WHEN instr(substr("Target", instr("Target", ':') + 1), ' ') > 0
                        THEN substr(substr("Target", instr("Target", ':') + 1), 1, instr(substr("Target", instr("Target", ':') + 1), ' ') - 1)
                        ELSE substr("Target", instr("Target", ':') + 1) END,
                    "TargetName" = CASE WHEN instr(substr("Target", instr("Target", ':') + 1), ' ') > 0
                        THEN substr(substr("Target", instr("Target", ':') + 1), instr(substr("Target", instr("Target", ':') + 1), ' ') + 1) END
                WHERE substr("Target", 1, instr("Target", ':') - 1) IN ('staff', 'session', 'connection', 'recording', 'recording-share', 'zoom-user')
                """);
            migrationBuilder.Sql("""UPDATE "AuditEntries" SET "TargetKind" = 'recording-cleanup' WHERE "Target" = 'recordings:cleanup'""");
            migrationBuilder.Sql("""UPDATE "AuditEntries" SET "TargetKind" = 'roster' WHERE "Target" = 'staff roster'""");
            migrationBuilder.Sql("""UPDATE "AuditEntries" SET "TargetKind" = 'zoom-link' WHERE "Target" = 'Zoom account link'""");
            migrationBuilder.Sql("""
                UPDATE "AuditEntries" SET "TargetKind" = 'connection', "TargetId" = CAST("ConnectionId" AS TEXT), "TargetName" = "Target"
                WHERE "TargetKind" IS NULL AND "Action" LIKE 'connection.%' AND "ConnectionId" IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Changes",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "TargetId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "TargetKind",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "TargetName",
                table: "AuditEntries");
        }
    }
}
