using System.Data.Common;

namespace Lakeplane.Daemon.Store;

/// <summary>
/// What differs between the two engines for the statements both stores share: how a timestamp is
/// stored, how a constraint violation is recognised, and the few statements written differently.
/// </summary>
internal abstract class SqlDialect
{
    public abstract object TimeToDatabase(DateTimeOffset time);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>A unique index refused the statement.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Run before an audit row is inserted, so that audit sequence numbers become visible in the order they
    /// were assigned (a reader paging by sequence must never skip an entry that commits late).</summary>
    public abstract string BeforeAuditAppendSql { get; }

    public abstract string CreateMigrationsTableSql { get; }

    public abstract string MigrationsTableExistsSql { get; }

    public abstract string SqlOf(Migration migration);
}
