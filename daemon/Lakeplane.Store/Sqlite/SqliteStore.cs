using Microsoft.Data.Sqlite;

namespace Lakeplane.Daemon.Store;

/// <summary>
/// The embedded default: one database file in the daemon's data directory.
/// WAL lets readers run concurrently with the one writer; synchronous=FULL makes a write durable
/// before it is acknowledged, so it survives SIGKILL and power loss alike. Writers are serialised
/// in-process by one queue that commits them in groups (<see cref="SqliteGroupCommit"/>: they
/// queue instead of spinning on SQLITE_BUSY, and share one fsync) and against other processes by
/// BEGIN IMMEDIATE, which takes the write lock before the first read: a transaction that reads then
/// writes can therefore never see stale data, and nothing ever needs a retry.
/// </summary>
public sealed class SqliteStore : IStore
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    private readonly string connectionString;
    private readonly TimeProvider timeProvider;
    private readonly IReadOnlyList<Migration> migrations;
    private readonly SqliteGroupCommit groupCommit;

    public SqliteStore(string databasePath, TimeProvider? timeProvider = null)
        : this(databasePath, timeProvider, StoreMigrations.All)
    {
    }

    /// <summary>With another schema history: lets tests play a newer or a broken release.</summary>
    internal SqliteStore(string databasePath, TimeProvider? timeProvider, IReadOnlyList<Migration> migrations)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement until this timeout: keep it equal to busy_timeout.
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.migrations = migrations;
        groupCommit = new SqliteGroupCommit(OpenAsync);
    }

    public Task MigrateAsync(CancellationToken cancellationToken = default) =>
        WriteTransactionAsync(
            async commands =>
            {
                await MigrationRunner.RunAsync(commands, SqliteDialect.Instance, migrations, timeProvider, cancellationToken);
                return true;
            },
            cancellationToken);

    public async Task<T> ReadAsync<T>(Func<IStoreReader, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // Deferred: a read transaction takes no lock, and in WAL mode sees one snapshot from its first read.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var session = new SqlStoreTransaction(new DbCommands(connection, transaction), SqliteDialect.Instance, timeProvider);
        try
        {
            var result = await work(session);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch (SqliteException exception) when (IsBusy(exception))
        {
            throw Busy(exception);
        }
        finally
        {
            session.Finish();
        }
    }

    /// <summary>COMMITs so far, for tests that prove concurrent writes share them.</summary>
    internal long Commits => groupCommit.Commits;

    public Task<T> WriteAsync<T>(Func<IStoreTransaction, Task<T>> work, CancellationToken cancellationToken = default) =>
        WriteTransactionAsync(
            async commands =>
            {
                var session = new SqlStoreTransaction(commands, SqliteDialect.Instance, timeProvider);
                try
                {
                    return await work(session);
                }
                finally
                {
                    session.Finish();
                }
            },
            cancellationToken);

    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await MigrationRunner.ReadSchemaVersionAsync(new DbCommands(connection, transaction), SqliteDialect.Instance, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them so the data directory can be moved or deleted.
        using (var connection = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>A connection with the settings every connection needs (they are per connection, not per file).</summary>
    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText =
                $"PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds};";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs in the next group commit: commits when <paramref name="work"/> returns, rolls back (its savepoint) when it throws.</summary>
    private Task<T> WriteTransactionAsync<T>(Func<DbCommands, Task<T>> work, CancellationToken cancellationToken) =>
        groupCommit.RunAsync(work, cancellationToken);

    internal static bool IsBusy(SqliteException exception) => exception.SqliteErrorCode is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED

    internal static StoreBusyException Busy(SqliteException exception) =>
        new($"The database is locked by another process for longer than {BusyTimeout.TotalSeconds:0} s.", exception);
}
