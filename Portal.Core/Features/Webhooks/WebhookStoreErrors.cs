using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Portal.Core.Features.Webhooks;

/// <summary>Tells a repeated delivery (the event's identity is already stored) from every other failure to store it.</summary>
public static class WebhookStoreErrors
{
    public const string IdentityIndex = "IX_WebhookEvents_Identity";

    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;

    public static bool IsDuplicateIdentity(DbUpdateException exception) => exception.InnerException switch
    {
        // SQLite names the index's columns, not the index: "UNIQUE constraint failed: WebhookEvents.Identity".
        SqliteException { SqliteErrorCode: SqliteConstraint, SqliteExtendedErrorCode: SqliteConstraintUnique } sqlite =>
            sqlite.Message.Contains($"{nameof(Data.PortalDbContext.WebhookEvents)}.{nameof(WebhookEvent.Identity)}'", StringComparison.Ordinal),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } postgres => postgres.ConstraintName == IdentityIndex,
        _ => false,
    };
}
