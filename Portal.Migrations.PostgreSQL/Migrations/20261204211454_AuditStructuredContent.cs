using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.PostgreSQL.Migrations
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
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "TargetId",
                table: "AuditEntries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetKind",
                table: "AuditEntries",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetName",
                table: "AuditEntries",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            // Entries written before this migration: the kind, id and name come from the Target text where it has them
            // ("staff:42 ann@school.edu", "session:17", "recording:<uuid>"); their values stay in OldValue/NewValue.
            migrationBuilder.Sql("""
                UPDATE "AuditEntries" SET
                    "TargetKind" = split_part("Target", ':', 1),
                    "TargetId" = split_part(substr("Target", strpos("Target", ':') + 1), ' ', 1),
                    "TargetName" = CASE WHEN strpos(substr("Target", strpos("Target", ':') + 1), ' ') > 0
                        THEN substr(substr("Target", strpos("Target", ':') + 1), strpos(substr("Target", strpos("Target", ':') + 1), ' ') + 1) END
                WHERE strpos("Target", ':') > 0
                    AND split_part("Target", ':', 1) IN ('staff', 'session', 'connection', 'recording', 'recording-share', 'zoom-user')
                """);
            migrationBuilder.Sql("""UPDATE "AuditEntries" SET "TargetKind" = 'recording-cleanup' WHERE "Target" = 'recordings:cleanup'""");
            migrationBuilder.Sql("""UPDATE "AuditEntries" SET "TargetKind" = 'roster' WHERE "Target" = 'staff roster'""");
            migrationBuilder.Sql("""UPDATE "AuditEntries" SET "TargetKind" = 'zoom-link' WHERE "Target" = 'Zoom account link'""");
            migrationBuilder.Sql("""
                UPDATE "AuditEntries" SET "TargetKind" = 'connection', "TargetId" = CAST("ConnectionId" AS text), "TargetName" = "Target"
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
