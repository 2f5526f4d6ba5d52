using Microsoft.Data.Sqlite;

namespace Lakeplane.Daemon.Store;

/// <summary>
/// Group commit for the one SQLite writer. With synchronous=FULL every COMMIT waits for the disk
/// (an fsync of the WAL), and that wait, not the SQL, is what a write costs; terraform alone sends
/// ten writes at a time. So writes that arrive while a commit is in flight queue up, and the next
/// batch runs all of them in one BEGIN IMMEDIATE transaction, each inside its own SAVEPOINT, then
/// commits once: one fsync for the batch.
///
/// What each caller sees is unchanged from one transaction per write:
/// - a work that throws rolls back to its savepoint only, and its exception goes to its caller
///   alone; the others in the batch commit;
/// - the batch's works run one after another, so each sees the writes of those before it exactly
///   as if their transactions had committed first (they are serialised, as before);
/// - no caller gets its result (or its error) before the COMMIT has returned, so an acknowledged
///   write is durable; if BEGIN or COMMIT fails, every caller of the batch gets that failure;
/// - when SQLite itself abandons the whole transaction in the middle (it does so on SQLITE_FULL,
///   IOERR, NOMEM or an interrupt), the work that was running gets the error, and the works before
///   it, whose writes went with the transaction, run again in the next batch; the store contract
///   allows a work to run more than once.
/// </summary>
internal sealed class SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> open)
{
    /// <summary>Bounds how long the last write of a batch waits for the ones before it.</summary>
    private const int MaxBatchSize = 64;

    private const string Savepoint = "lakeplane_write";

    private readonly Lock gate = new();
    private readonly LinkedList<IPendingWrite> pending = new();
    private bool draining;
    private long commits;

    /// <summary>COMMITs that succeeded so far: fewer than the writes acknowledged when batching works.</summary>
    internal long Commits => Interlocked.Read(ref commits);

    /// <summary>Runs <paramref name="work"/> in the next batch; completes once the batch has committed.</summary>
    public Task<T> RunAsync<T>(Func<DbCommands, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var write = new PendingWrite<T>(work, cancellationToken);
        lock (gate)
        {
            pending.AddLast(write);
            if (draining)
            {
                return write.Task;
            }

            draining = true;
        }

        // On the thread pool, not on this caller: the drain outlives the caller's own write whenever
        // others keep arriving, and must not hold up its continuation.
        _ = Task.Run(DrainAsync);
        return write.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<IPendingWrite>(MaxBatchSize);
            lock (gate)
            {
                while (batch.Count < MaxBatchSize && pending.First is { } first)
                {
                    pending.RemoveFirst();
                    batch.Add(first.Value);
                }

                if (batch.Count == 0)
                {
                    draining = false;
                    return;
                }
            }

            var retry = await RunBatchAsync(batch);
            if (retry.Count > 0)
            {
                lock (gate)
                {
                    // Ahead of later arrivals: they keep their place in the serial order.
                    for (var i = retry.Count - 1; i >= 0; i--)
                    {
                        pending.AddFirst(retry[i]);
                    }
                }
            }
        }
    }

    /// <summary>Runs and commits one batch, delivers every outcome, and returns the writes to run again.</summary>
    private async Task<List<IPendingWrite>> RunBatchAsync(List<IPendingWrite> batch)
    {
        var ran = new List<IPendingWrite>(batch.Count);
        SqliteConnection? connection = null;
        SqliteTransaction? transaction = null;
        try
        {
            // Nobody's token may abort a transaction that carries others' writes: each work observes
            // its own token, and cancelled writes are skipped before they start.
            connection = await open(CancellationToken.None);
            // deferred: false is BEGIN IMMEDIATE: the write lock is ours before the first read.
            transaction = connection.BeginTransaction(deferred: false);
            var commands = new DbCommands(connection, transaction);
            for (var i = 0; i < batch.Count; i++)
            {
                var write = batch[i];
                if (write.CancellationToken.IsCancellationRequested)
                {
                    write.Cancel();
                    continue;
                }

                await transaction.SaveAsync(Savepoint);
                var succeeded = await write.RunAsync(commands);
                if (!IsInTransaction(connection))
                {
                    // SQLite rolled the whole transaction back: this work's error stands (or, if it
                    // swallowed it, its writes are gone), the earlier ones lost their writes and run again.
                    write.FailIfSucceeded(new StoreException("The database abandoned the transaction while this write ran; nothing of it was stored."));
                    write.Deliver();
                    return [.. ran, .. batch.Skip(i + 1)];
                }

                if (succeeded)
                {
                    await transaction.ReleaseAsync(Savepoint);
                }
                else
                {
                    await transaction.RollbackAsync(Savepoint);
                    await transaction.ReleaseAsync(Savepoint);
                }

                ran.Add(write);
            }

            await transaction.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref commits);
        }
        catch (Exception exception)
        {
            // BEGIN, a savepoint or COMMIT failed: nothing of this batch is stored.
            var failure = exception is SqliteException sqlite && SqliteStore.IsBusy(sqlite) ? SqliteStore.Busy(sqlite) : exception;
            foreach (var write in batch.Where(write => !write.Task.IsCompleted))
            {
                write.Fail(failure);
            }

            return [];
        }
        finally
        {
            await CloseAsync(transaction, connection);
        }

        foreach (var write in ran)
        {
            write.Deliver();
        }

        return [];
    }

    /// <summary>Rolls back what did not commit and returns the connection to the pool; never throws, so the queue keeps draining.</summary>
    private static async Task CloseAsync(SqliteTransaction? transaction, SqliteConnection? connection)
    {
        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
        catch (SqliteException)
        {
            // A transaction SQLite already ended cannot be rolled back again; there is nothing left to undo.
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>False once SQLite has ended the transaction on its own (the connection is back in autocommit mode).</summary>
    private static bool IsInTransaction(SqliteConnection connection) =>
        SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0;

    private interface IPendingWrite
    {
        CancellationToken CancellationToken { get; }

        Task Task { get; }

        /// <summary>Runs the work and keeps its outcome for <see cref="Deliver"/>; true when it returned.</summary>
        Task<bool> RunAsync(DbCommands commands);

        void FailIfSucceeded(Exception exception);

        /// <summary>Hands the kept outcome to the caller.</summary>
        void Deliver();

        void Fail(Exception exception);

        void Cancel();
    }

    private sealed class PendingWrite<T>(Func<DbCommands, Task<T>> work, CancellationToken cancellationToken) : IPendingWrite
    {
        // Asynchronous continuations: a caller's code must never run on (and stall) the batch.
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? error;

        public CancellationToken CancellationToken => cancellationToken;

        public Task<T> Task => completion.Task;

        Task IPendingWrite.Task => completion.Task;

        public async Task<bool> RunAsync(DbCommands commands)
        {
            // A run again after SQLite abandoned a batch starts afresh.
            (result, error) = (default, null);
            try
            {
                result = await work(commands);
                return true;
            }
            catch (Exception exception)
            {
                error = exception;
                return false;
            }
        }

        public void FailIfSucceeded(Exception exception) => error ??= exception;

        public void Deliver()
        {
            if (error is null)
            {
                completion.TrySetResult(result!);
            }
            else if (error is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken)
            {
                completion.TrySetCanceled(cancellationToken);
            }
            else
            {
                // The exception keeps the stack trace it was thrown with.
                completion.TrySetException(error);
            }
        }

        public void Fail(Exception exception) => completion.TrySetException(exception);

        public void Cancel() => completion.TrySetCanceled(cancellationToken);
    }
}
