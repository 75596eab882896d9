using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Migrations.PostgreSQL.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    ActorObjectId = table.Column<string>(type: "text", nullable: true),
                    Action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Target = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    OldValue = table.Column<string>(type: "text", nullable: true),
                    NewValue = table.Column<string>(type: "text", nullable: true),
                    ConnectionId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "JobRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ConnectionId = table.Column<int>(type: "integer", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    Summary = table.Column<string>(type: "text", nullable: true),
                    TriggeredBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RecordingShare",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    MeetingUuid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    MeetingId = table.Column<long>(type: "bigint", nullable: false),
                    Topic = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    StaffMemberId = table.Column<int>(type: "integer", nullable: true),
                    HostZoomUserId = table.Column<string>(type: "text", nullable: true),
                    SessionId = table.Column<long>(type: "bigint", nullable: true),
                    RecipientName = table.Column<string>(type: "text", nullable: true),
                    RecipientEmail = table.Column<string>(type: "text", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<string>(type: "text", nullable: true),
                    ViewCount = table.Column<int>(type: "integer", nullable: false),
                    LastViewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RecordingShare", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffMemberId = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    Summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    OldStatus = table.Column<int>(type: "integer", nullable: true),
                    NewStatus = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffHistory", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StorageFreedEstimates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Bytes = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StorageFreedEstimates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SyncRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    ZoomCalls = table.Column<int>(type: "integer", nullable: false),
                    PagesRead = table.Column<int>(type: "integer", nullable: false),
                    ZoomUsers = table.Column<int>(type: "integer", nullable: false),
                    TriggeredBy = table.Column<string>(type: "text", nullable: false),
                    CountsJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsageSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    TakenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DayBucket = table.Column<int>(type: "integer", nullable: false),
                    LicencesPurchased = table.Column<int>(type: "integer", nullable: true),
                    LicencesAssigned = table.Column<int>(type: "integer", nullable: true),
                    PlansJson = table.Column<string>(type: "text", nullable: false),
                    UsersActive = table.Column<int>(type: "integer", nullable: true),
                    UsersPending = table.Column<int>(type: "integer", nullable: true),
                    UsersInactive = table.Column<int>(type: "integer", nullable: true),
                    UsersLicensed = table.Column<int>(type: "integer", nullable: true),
                    UsersBasic = table.Column<int>(type: "integer", nullable: true),
                    UsersOther = table.Column<int>(type: "integer", nullable: true),
                    UsersTotal = table.Column<int>(type: "integer", nullable: true),
                    UsersSource = table.Column<string>(type: "text", nullable: false),
                    StoragePlanType = table.Column<string>(type: "text", nullable: true),
                    StoragePlanBytes = table.Column<long>(type: "bigint", nullable: true),
                    StorageFreeBytes = table.Column<long>(type: "bigint", nullable: true),
                    StorageAllottedBytes = table.Column<long>(type: "bigint", nullable: true),
                    StorageUsedBytes = table.Column<long>(type: "bigint", nullable: true),
                    StorageUnlimited = table.Column<bool>(type: "boolean", nullable: false),
                    StorageOverageBytes = table.Column<long>(type: "bigint", nullable: true),
                    UnknownFigures = table.Column<string>(type: "text", nullable: false),
                    FallbackReason = table.Column<string>(type: "text", nullable: true),
                    ConsumersJson = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<int>(type: "integer", nullable: true),
                    Event = table.Column<string>(type: "text", nullable: false),
                    Identity = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true),
                    ClaimedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AccountId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ZoomConnections",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Slug = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: true),
                    ClientId = table.Column<string>(type: "text", nullable: true),
                    EncryptedClientSecret = table.Column<string>(type: "text", nullable: true),
                    EncryptedAccessToken = table.Column<string>(type: "text", nullable: true),
                    EncryptedRefreshToken = table.Column<string>(type: "text", nullable: true),
                    AccessTokenExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RefreshTokenObtainedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ApiUrl = table.Column<string>(type: "text", nullable: true),
                    EncryptedWebhookSecretToken = table.Column<string>(type: "text", nullable: true),
                    GrantedScopes = table.Column<string>(type: "text", nullable: false),
                    LinkedByZoomUserId = table.Column<string>(type: "text", nullable: true),
                    LinkedByEmail = table.Column<string>(type: "text", nullable: true),
                    ManagedByConfiguration = table.Column<bool>(type: "boolean", nullable: false),
                    Disabled = table.Column<bool>(type: "boolean", nullable: false),
                    DisabledReason = table.Column<string>(type: "text", nullable: true),
                    UsernameMatchDomain = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastVerifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "text", nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZoomConnections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ZoomLinkAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StateHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BrowserBindingHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EncryptedCodeVerifier = table.Column<string>(type: "text", nullable: false),
                    StartedByObjectId = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZoomLinkAttempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ZoomUserSnapshots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    ZoomUserId = table.Column<string>(type: "text", nullable: true),
                    Email = table.Column<string>(type: "text", nullable: false),
                    NormalizedEmail = table.Column<string>(type: "text", nullable: false),
                    DisplayName = table.Column<string>(type: "text", nullable: false),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    LastLoginAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SyncRunId = table.Column<long>(type: "bigint", nullable: false),
                    StaffMemberId = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ZoomUserSnapshots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffMembers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Aliases = table.Column<string>(type: "text", nullable: false),
                    StaffRole = table.Column<string>(type: "text", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    ConnectionId = table.Column<int>(type: "integer", nullable: true),
                    ObjectId = table.Column<string>(type: "text", nullable: true),
                    TenantId = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffMembers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffMembers_ZoomConnections_ConnectionId",
                        column: x => x.ConnectionId,
                        principalTable: "ZoomConnections",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "Sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StaffMemberId = table.Column<int>(type: "integer", nullable: false),
                    ConnectionId = table.Column<int>(type: "integer", nullable: false),
                    ClientName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ClientEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TimeZone = table.Column<string>(type: "text", nullable: false),
                    DurationMinutes = table.Column<int>(type: "integer", nullable: false),
                    Topic = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Notes = table.Column<string>(type: "text", nullable: true),
                    ZoomMeetingId = table.Column<long>(type: "bigint", nullable: false),
                    ZoomHostUserId = table.Column<string>(type: "text", nullable: true),
                    JoinUrl = table.Column<string>(type: "text", nullable: true),
                    JoinTokenHash = table.Column<string>(type: "text", nullable: false),
                    JoinTokenExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    HostWarning = table.Column<string>(type: "text", nullable: true),
                    HostCheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sessions_StaffMembers_StaffMemberId",
                        column: x => x.StaffMemberId,
                        principalTable: "StaffMembers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "StaffMappings",
                columns: table => new
                {
                    StaffMemberId = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    Fix = table.Column<int>(type: "integer", nullable: false),
                    ZoomUserId = table.Column<string>(type: "text", nullable: true),
                    ZoomEmail = table.Column<string>(type: "text", nullable: true),
                    ZoomUserType = table.Column<int>(type: "integer", nullable: true),
                    ZoomStatus = table.Column<string>(type: "text", nullable: true),
                    ZoomLastLoginAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ConnectionId = table.Column<int>(type: "integer", nullable: true),
                    SyncRunId = table.Column<long>(type: "bigint", nullable: true),
                    CheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffMappings", x => x.StaffMemberId);
                    table.ForeignKey(
                        name: "FK_StaffMappings_StaffMembers_StaffMemberId",
                        column: x => x.StaffMemberId,
                        principalTable: "StaffMembers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action",
                table: "AuditEntries",
                column: "Action");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_At",
                table: "AuditEntries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_JobRuns_JobName_ConnectionId_Id",
                table: "JobRuns",
                columns: new[] { "JobName", "ConnectionId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordingShare_ConnectionId_MeetingUuid",
                table: "RecordingShare",
                columns: new[] { "ConnectionId", "MeetingUuid" });

            migrationBuilder.CreateIndex(
                name: "IX_RecordingShare_TokenHash",
                table: "RecordingShare",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_EndsAt",
                table: "Sessions",
                column: "EndsAt");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_JoinTokenHash",
                table: "Sessions",
                column: "JoinTokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_StaffMemberId_StartsAt",
                table: "Sessions",
                columns: new[] { "StaffMemberId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_ZoomMeetingId",
                table: "Sessions",
                column: "ZoomMeetingId");

            migrationBuilder.CreateIndex(
                name: "IX_StaffHistory_StaffMemberId_Id",
                table: "StaffHistory",
                columns: new[] { "StaffMemberId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffMappings_ConnectionId",
                table: "StaffMappings",
                column: "ConnectionId");

            migrationBuilder.CreateIndex(
                name: "IX_StaffMappings_Status",
                table: "StaffMappings",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_StaffMembers_ConnectionId",
                table: "StaffMembers",
                column: "ConnectionId");

            migrationBuilder.CreateIndex(
                name: "IX_StaffMembers_Name",
                table: "StaffMembers",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_StaffMembers_NormalizedEmail",
                table: "StaffMembers",
                column: "NormalizedEmail",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffMembers_ObjectId",
                table: "StaffMembers",
                column: "ObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_StorageFreedEstimates_ConnectionId_RecordedAt",
                table: "StorageFreedEstimates",
                columns: new[] { "ConnectionId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_ConnectionId_Id",
                table: "SyncRuns",
                columns: new[] { "ConnectionId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageSnapshots_ConnectionId_TakenAt",
                table: "UsageSnapshots",
                columns: new[] { "ConnectionId", "TakenAt" });

            migrationBuilder.CreateIndex(
                name: "IX_UsageSnapshots_Consumers",
                table: "UsageSnapshots",
                columns: new[] { "ConnectionId", "TakenAt" },
                filter: "\"ConsumersJson\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_UsageSnapshots_History",
                table: "UsageSnapshots",
                columns: new[] { "ConnectionId", "DayBucket", "LicencesPurchased", "LicencesAssigned", "StorageAllottedBytes", "StorageUsedBytes", "UsersActive" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEvents_Identity",
                table: "WebhookEvents",
                column: "Identity",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEvents_ProcessedAt",
                table: "WebhookEvents",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ZoomConnections_AccountId_ClientId",
                table: "ZoomConnections",
                columns: new[] { "AccountId", "ClientId" });

            migrationBuilder.CreateIndex(
                name: "IX_ZoomConnections_Slug",
                table: "ZoomConnections",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ZoomLinkAttempts_ExpiresAt",
                table: "ZoomLinkAttempts",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_ZoomLinkAttempts_StateHash",
                table: "ZoomLinkAttempts",
                column: "StateHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ZoomUserSnapshots_ConnectionId_NormalizedEmail",
                table: "ZoomUserSnapshots",
                columns: new[] { "ConnectionId", "NormalizedEmail" });

            migrationBuilder.CreateIndex(
                name: "IX_ZoomUserSnapshots_ConnectionId_StaffMemberId",
                table: "ZoomUserSnapshots",
                columns: new[] { "ConnectionId", "StaffMemberId" });

            migrationBuilder.CreateIndex(
                name: "IX_ZoomUserSnapshots_ConnectionId_ZoomUserId",
                table: "ZoomUserSnapshots",
                columns: new[] { "ConnectionId", "ZoomUserId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropTable(
                name: "JobRuns");

            migrationBuilder.DropTable(
                name: "RecordingShare");

            migrationBuilder.DropTable(
                name: "Sessions");

            migrationBuilder.DropTable(
                name: "StaffHistory");

            migrationBuilder.DropTable(
                name: "StaffMappings");

            migrationBuilder.DropTable(
                name: "StorageFreedEstimates");

            migrationBuilder.DropTable(
                name: "SyncRuns");

            migrationBuilder.DropTable(
                name: "UsageSnapshots");

            migrationBuilder.DropTable(
                name: "WebhookEvents");

            migrationBuilder.DropTable(
                name: "ZoomLinkAttempts");

            migrationBuilder.DropTable(
                name: "ZoomUserSnapshots");

            migrationBuilder.DropTable(
                name: "StaffMembers");

            migrationBuilder.DropTable(
                name: "ZoomConnections");
        }
    }
}
