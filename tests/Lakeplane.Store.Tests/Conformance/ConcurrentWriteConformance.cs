using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>
/// Many writes in flight at once, as terraform sends them (ten at a time): each still behaves as its
/// own transaction. SQLite commits such writes in groups (one transaction, a savepoint each, one
/// fsync); these are the guarantees that grouping must keep, checked on both engines alike.
/// </summary>
public abstract class ConcurrentWriteConformance(StoreBackend backend) : StoreTestBase(backend)
{
    private const int Writers = 40;

    private sealed class WorkFailed(int writer) : Exception($"writer {writer} failed")
    {
        public int Writer { get; } = writer;
    }

    /// <summary>Starts every writer at once, so they arrive while each other's commits are in flight.</summary>
    private static Task<TResult[]> AllAtOnce<TResult>(int count, Func<int, Task<TResult>> writer)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await writer(i);
        })).ToArray();
        start.SetResult();
        return Task.WhenAll(writers);
    }

    [Fact]
    public async Task A_failing_write_among_concurrent_ones_rolls_back_only_itself_and_only_its_caller_sees_the_error()
    {
        var store = await NewStoreAsync();

        var outcomes = await AllAtOnce(Writers, async i =>
        {
            try
            {
                await WriteAsync(store, async tx =>
                {
                    await tx.InsertAsync("job", $"j{i}", "acc", "", $"job-{i}", "{}");
                    await tx.AppendAuditAsync("acc", "alice", "create", "job", $"j{i}", "{}");
                    if (i % 4 == 0)
                    {
                        throw new WorkFailed(i);
                    }
                });
                return (Writer: i, Failed: (int?)null);
            }
            catch (WorkFailed failed)
            {
                return (Writer: i, Failed: (int?)failed.Writer);
            }
        });

        // Each failing caller got its own error, and no other caller got one.
        Assert.All(outcomes, outcome => Assert.Equal(outcome.Writer % 4 == 0 ? outcome.Writer : null, outcome.Failed));
        var committed = Enumerable.Range(0, Writers).Where(i => i % 4 != 0).Select(i => $"j{i}").Order().ToList();
        var stored = await store.ReadAsync(reader => reader.ListAsync("job", "acc", null));
        Assert.Equal(committed, stored.Select(job => job.Id).Order());
        var audited = await store.ReadAsync(reader => reader.ListAuditAsync("acc", 0, 1000));
        Assert.Equal(committed, audited.Select(entry => entry.ObjectId).Order());
    }

    [Fact]
    public async Task A_write_is_acknowledged_only_once_it_is_committed_for_every_other_connection_to_see()
    {
        var database = await Backend.NewDatabaseAsync();
        var writer = Open(database);
        await writer.MigrateAsync();
        // Another store on the same database: it sees only what has committed, never the writer's open transaction.
        var observer = Open(database);

        var unseen = await AllAtOnce(Writers, async i =>
        {
            var written = await writer.WriteAsync(tx => tx.InsertAsync("job", $"j{i}", "acc", "", $"job-{i}", $$"""{"n":{{i}}}"""));
            var seen = await observer.ReadAsync(reader => reader.GetAsync("job", $"j{i}"));
            return seen == written ? null : $"j{i}";
        });

        Assert.All(unseen, Assert.Null);
    }

    [Fact]
    public async Task Concurrent_retries_of_one_request_record_it_once_and_all_get_the_first_answer()
    {
        var store = await NewStoreAsync();

        // What MutationRunner does with a request id: answer from the record when there is one, else
        // do the work and record the answer, all in one transaction.
        var answers = await AllAtOnce(Writers, i => store.WriteAsync(async tx =>
        {
            if (await tx.GetIdempotencyAsync("acc", "req-1") is { } earlier)
            {
                return earlier.ObjectId;
            }

            await tx.InsertAsync("job", $"j{i}", "acc", "", "nightly", "{}");
            await tx.PutIdempotencyAsync(new IdempotencyRecord("acc", "req-1", "create", $"j{i}", "{}", StartTime));
            return $"j{i}";
        }));

        var stored = Assert.Single(await store.ReadAsync(reader => reader.ListAsync("job", "acc", null)));
        Assert.All(answers, answer => Assert.Equal(stored.Id, answer));
    }

    [Fact]
    public async Task A_write_whose_caller_has_given_up_is_not_applied()
    {
        var store = await NewStoreAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => store.WriteAsync(tx => tx.InsertAsync("job", "j1", "acc", "", "late", "{}"), cancelled.Token));

        Assert.Null(await store.ReadAsync(reader => reader.GetAsync("job", "j1")));
    }
}
