using System.Data.Common;

namespace Lakeplane.Daemon.Store;

/// <summary>
/// Brings a database up to the newest known schema inside the caller's transaction, so that a
/// failing step leaves neither its tables nor its schema_migrations row behind. The caller makes
/// sure only one runner works on a database at a time.
/// </summary>
internal static class MigrationRunner
{
    public static async Task RunAsync(
        DbCommands commands,
        SqlDialect dialect,
        IReadOnlyList<Migration> migrations,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        await commands.ExecuteAsync(dialect.CreateMigrationsTableSql, cancellationToken);
        var current = await ReadVersionAsync(commands, cancellationToken);
        foreach (var migration in MigrationPlan.Pending(migrations, current))
        {
            await commands.ExecuteAsync(dialect.SqlOf(migration), cancellationToken);
            await commands.ExecuteAsync(
                "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @applied_at)",
                cancellationToken,
                ("version", migration.Version),
                ("description", migration.Description),
                ("applied_at", dialect.TimeToDatabase(StoreClock.Now(timeProvider))));
        }
    }

    /// <summary>The version applied, 0 for a database no Lakeplane has touched.</summary>
    public static async Task<int> ReadSchemaVersionAsync(DbCommands commands, SqlDialect dialect, CancellationToken cancellationToken)
    {
        var exists = Convert.ToBoolean(await commands.ScalarAsync(dialect.MigrationsTableExistsSql, cancellationToken));
        return exists ? await ReadVersionAsync(commands, cancellationToken) : 0;
    }

    private static async Task<int> ReadVersionAsync(DbCommands commands, CancellationToken cancellationToken) =>
        Convert.ToInt32(await commands.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken));
}
