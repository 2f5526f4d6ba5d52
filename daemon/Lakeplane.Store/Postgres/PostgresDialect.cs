using System.Data.Common;
using Npgsql;

namespace Lakeplane.Daemon.Store;

/// <param name="auditLockKey">The advisory lock that orders audit appends in this store's schema (see <see cref="BeforeAuditAppendSql"/>).</param>
internal sealed class PostgresDialect(long auditLockKey) : SqlDialect
{
    public const string UniqueViolation = "23505";

    public override object TimeToDatabase(DateTimeOffset time) => time.ToUniversalTime();

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: UniqueViolation };

    // An identity column hands out numbers when rows are inserted, not when they commit: without
    // this lock, entry 6 could commit before entry 5 and a reader paging "after 5" would never see 5.
    // The transaction-scoped lock is held until commit, so appends commit in sequence order. Nearly
    // every write audits, so this serialises the tail of writes: fine for a control plane's rate.
    public override string BeforeAuditAppendSql => $"SELECT pg_advisory_xact_lock({auditLockKey});\n";

    public override string CreateMigrationsTableSql => """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer PRIMARY KEY,
            description text        NOT NULL,
            applied_at  timestamptz NOT NULL
        )
        """;

    // search_path holds only the store's schema, so this finds its table or nothing (also when the schema does not exist yet).
    public override string MigrationsTableExistsSql => "SELECT to_regclass('schema_migrations') IS NOT NULL";

    public override string SqlOf(Migration migration) => migration.Postgres;
}
