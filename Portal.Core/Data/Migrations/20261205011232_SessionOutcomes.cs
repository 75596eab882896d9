using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations
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
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    ParticipantKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    AssignedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    ConnectionId = table.Column<int>(type: "INTEGER", nullable: false),
                    IgnoredEvents = table.Column<long>(type: "INTEGER", nullable: false),
                    LastMeetingEventAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastIgnoredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MeetingEventTallies", x => x.ConnectionId);
                });

            migrationBuilder.CreateTable(
                name: "MeetingFacts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    MeetingUuid = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ParticipantKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ParticipantName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ParticipantEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    ZoomUserId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    MeetingUserId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    FromReport = table.Column<bool>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    ParticipantKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    ZoomUserId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    JoinedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeftAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WaitingOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    Assigned = table.Column<bool>(type: "INTEGER", nullable: false)
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
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ActualStart = table.Column<long>(type: "INTEGER", nullable: true),
                    ActualEnd = table.Column<long>(type: "INTEGER", nullable: true),
                    HeldMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    HostInMeeting = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClientWaiting = table.Column<bool>(type: "INTEGER", nullable: false),
                    ClientInMeeting = table.Column<bool>(type: "INTEGER", nullable: false),
                    MeetingRunning = table.Column<bool>(type: "INTEGER", nullable: false),
                    MeetingEnded = table.Column<bool>(type: "INTEGER", nullable: false),
                    Instances = table.Column<int>(type: "INTEGER", nullable: false),
                    ClientClickedJoinAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CorrectedStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    CorrectedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CorrectionNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LastEventAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Final = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReconcileAfter = table.Column<long>(type: "INTEGER", nullable: true),
                    ReconcileAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ReconcileNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
