using System.Data;
using System.Text.RegularExpressions;
using Npgsql;

namespace Lakeplane.Daemon.Store;

/// <summary>
/// The store for several daemon replicas: every table lives in one schema of a PostgreSQL database.
///
/// Writes run SERIALIZABLE. The services read, decide and write (is the parent still there? is the
/// name free? what version is it at?), often across rows; SERIALIZABLE makes every such transaction
/// behave as if it ran alone, which is exactly what the one-writer SQLite store guarantees, so both
/// engines give the services the same semantics. READ COMMITTED with row locks would need each service
/// to lock the right rows (including rows that do not exist yet, for "the name is free") and would
/// fail silently when one forgets. The price is serialization failures under contention, which are
/// retried here by running the work again, with jittered backoff.
///
/// Reads run REPEATABLE READ: one snapshot for the whole read, and never a serialization failure.
/// </summary>
public sealed partial class PostgresStore : IStore
{
    private const string SerializationFailure = "40001";
    private const string DeadlockDetected = "40P01";

    /// <summary>Enough for a burst of writers on one hot row; each attempt waits a random 0..cap ms first.</summary>
    internal const int MaxWriteAttempts = 12;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(250);

    private readonly NpgsqlDataSource dataSource;
    private readonly string schema;
    private readonly TimeProvider timeProvider;
    private readonly IReadOnlyList<Migration> migrations;
    private readonly PostgresDialect dialect;

    /// <param name="connectionString">An Npgsql connection string; its search path is replaced by <paramref name="schema"/>.</param>
    /// <param name="schema">Where the store's tables live; created by <see cref="MigrateAsync"/> when missing.</param>
    public PostgresStore(string connectionString, string schema = "lakeplane", TimeProvider? timeProvider = null)
        : this(connectionString, schema, timeProvider, StoreMigrations.All)
    {
    }

    /// <summary>With another schema history: lets tests play a newer or a broken release.</summary>
    internal PostgresStore(string connectionString, string schema, TimeProvider? timeProvider, IReadOnlyList<Migration> migrations)
    {
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException($"'{schema}' is not a plain lower-case PostgreSQL identifier.", nameof(schema));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        dataSource = NpgsqlDataSource.Create(builder);
        this.schema = schema;
        this.timeProvider = timeProvider ?? TimeProvider.System;
        this.migrations = migrations;
        dialect = new PostgresDialect(AdvisoryLockKeys.For("audit", schema));
    }

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var commands = new DbCommands(connection, transaction);
        // Replicas starting together: the first migrates, the others wait here and then find nothing to do.
        await commands.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", AdvisoryLockKeys.For("migrate", schema)));
        // Only when missing: CREATE SCHEMA IF NOT EXISTS still demands the CREATE privilege, which a
        // deployment whose DBA made the schema need not grant.
        if (!Convert.ToBoolean(await commands.ScalarAsync(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", cancellationToken, ("schema", schema))))
        {
            await commands.ExecuteAsync($"CREATE SCHEMA \"{schema}\"", cancellationToken);
        }

        await MigrationRunner.RunAsync(commands, dialect, migrations, timeProvider, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<T> ReadAsync<T>(Func<IStoreReader, Task<T>> work, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ReadOnceAsync(work, cancellationToken);
        }
        catch (Exception exception) when (Unavailability(exception) is { } cause)
        {
            throw Unavailable(cause);
        }
    }

    private async Task<T> ReadOnceAsync<T>(Func<IStoreReader, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var session = new SqlStoreTransaction(new DbCommands(connection, transaction), dialect, timeProvider);
        try
        {
            var result = await work(session);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            session.Finish();
        }
    }

    public async Task<T> WriteAsync<T>(Func<IStoreTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(work, cancellationToken);
            }
            catch (Exception exception) when (Unavailability(exception) is { } cause)
            {
                throw Unavailable(cause);
            }
            catch (Exception exception) when (TransientFailure(exception) is { } transient)
            {
                if (attempt == MaxWriteAttempts)
                {
                    throw new StoreBusyException(
                        $"The transaction still conflicted with concurrent writers after {attempt} attempts.", transient);
                }

                // Full jitter: colliding writers spread out instead of colliding again in step.
                var cap = Math.Min(MaxBackoff.TotalMilliseconds, 5 * Math.Pow(2, attempt));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * cap), cancellationToken);
            }
        }
    }

    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        return await MigrationRunner.ReadSchemaVersionAsync(new DbCommands(connection, transaction), dialect, cancellationToken);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private async Task<T> WriteOnceAsync<T>(Func<IStoreTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        var session = new SqlStoreTransaction(new DbCommands(connection, transaction), dialect, timeProvider);
        try
        {
            var result = await work(session);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            session.Finish();
        }
    }

    /// <summary>A failure that running the same work again may not meet, found even when the work wrapped it.</summary>
    private static PostgresException? TransientFailure(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException { SqlState: SerializationFailure or DeadlockDetected } postgres)
            {
                return postgres;
            }
        }

        return null;
    }

    /// <summary>The database out of reach, found even when the work wrapped it: the connection failed or broke (Npgsql's own
    /// exception, not a server error), the server is shutting down or starting (57P01-57P03, class 08), or it has no
    /// connection left (53300).</summary>
    private static NpgsqlException? Unavailability(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                                                   || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300":
                    return postgres;
                case PostgresException:
                    return null;
                case NpgsqlException npgsql:
                    return npgsql;
            }
        }

        return null;
    }

    /// <summary>Never the driver's message: it may name the host, the user or the database.</summary>
    private static StoreUnavailableException Unavailable(NpgsqlException cause) =>
        new("The PostgreSQL database cannot be reached right now (it may be restarting); retry shortly.", cause);

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
