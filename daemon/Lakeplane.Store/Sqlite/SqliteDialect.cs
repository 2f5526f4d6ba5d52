using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Lakeplane.Daemon.Store;

internal sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;

    /// <summary>Microseconds since the Unix epoch: sortable, compact, and as precise as PostgreSQL.</summary>
    public override object TimeToDatabase(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.UnixEpoch.AddTicks(reader.GetInt64(ordinal) * 10);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } sqlite
        && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    // SQLite commits one writer at a time, so AUTOINCREMENT already hands out sequences in commit order.
    public override string BeforeAuditAppendSql => "";

    public override string CreateMigrationsTableSql => """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER PRIMARY KEY,
            description TEXT    NOT NULL,
            applied_at  INTEGER NOT NULL
        )
        """;

    public override string MigrationsTableExistsSql =>
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations')";

    public override string SqlOf(Migration migration) => migration.Sqlite;
}
