using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Migrations.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class SessionOutcomes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AttendeeAssignments",
                columns: table => new
                {
                    SessionId = table.Column<long>(type: "bigint", nullable: false),
                    ParticipantKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    AssignedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttendeeAssignments", x => new { x.SessionId, x.ParticipantKey });
                    table.ForeignKey(
                        name: "FK_AttendeeAssignments_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MeetingEventTallies",
                columns: table => new
                {
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    IgnoredEvents = table.Column<long>(type: "bigint", nullable: false),
                    LastMeetingEventAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastIgnoredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingEventTallies", x => x.ConnectionId);
                });

            migrationBuilder.CreateTable(
                name: "MeetingFacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SessionId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    MeetingUuid = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ParticipantKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ParticipantName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ParticipantEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    ZoomUserId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    MeetingUserId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FromReport = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingFacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MeetingFacts_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SessionAttendances",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SessionId = table.Column<long>(type: "bigint", nullable: false),
                    ParticipantKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    ZoomUserId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    JoinedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeftAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    WaitingOnly = table.Column<bool>(type: "boolean", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    Assigned = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionAttendances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionAttendances_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SessionOutcomes",
                columns: table => new
                {
                    SessionId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    ActualStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ActualEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HeldMinutes = table.Column<int>(type: "integer", nullable: false),
                    HostInMeeting = table.Column<bool>(type: "boolean", nullable: false),
                    ClientWaiting = table.Column<bool>(type: "boolean", nullable: false),
                    ClientInMeeting = table.Column<bool>(type: "boolean", nullable: false),
                    MeetingRunning = table.Column<bool>(type: "boolean", nullable: false),
                    MeetingEnded = table.Column<bool>(type: "boolean", nullable: false),
                    Instances = table.Column<int>(type: "integer", nullable: false),
                    ClientClickedJoinAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CorrectedStatus = table.Column<int>(type: "integer", nullable: true),
                    CorrectedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CorrectionNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LastEventAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Final = table.Column<bool>(type: "boolean", nullable: false),
                    ReconcileAfter = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReconcileAttempts = table.Column<int>(type: "integer", nullable: false),
                    ReconcileNote = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionOutcomes", x => x.SessionId);
                    table.ForeignKey(
                        name: "FK_SessionOutcomes_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MeetingFacts_SessionId_Key",
                table: "MeetingFacts",
                columns: new[] { "SessionId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SessionAttendances_SessionId",
                table: "SessionAttendances",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_SessionOutcomes_Final_ReconcileAfter",
                table: "SessionOutcomes",
                columns: new[] { "Final", "ReconcileAfter" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttendeeAssignments");

            migrationBuilder.DropTable(
                name: "MeetingEventTallies");

            migrationBuilder.DropTable(
                name: "MeetingFacts");

            migrationBuilder.DropTable(
                name: "SessionAttendances");

            migrationBuilder.DropTable(
                name: "SessionOutcomes");
        }
    }
}
