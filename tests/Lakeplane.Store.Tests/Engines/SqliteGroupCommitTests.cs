using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>
/// How the SQLite store groups writes: those that queue while a commit is in flight share the next
/// transaction and its one fsync. A first write that waits on the test holds the queue still, so
/// which writes share a batch is certain rather than left to timing.
/// </summary>
public sealed class SqliteGroupCommitTests(SqliteBackend backend) : StoreTestBase(backend), IClassFixture<SqliteBackend>
{
    private const int Queued = 10;

    /// <summary>A write that runs until the test releases it; every write queued meanwhile lands in the next batch.</summary>
    private sealed class HeldWrite
    {
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldWrite(IStore store)
        {
            Completion = WriteAsync(store, async tx =>
            {
                await tx.InsertAsync("job", "held", "acc", "", "held", "{}");
                started.SetResult();
                await release.Task;
            });
        }

        public Task Completion { get; }

        public Task Started => started.Task;

        public Task ReleaseAsync()
        {
            release.SetResult();
            return Completion;
        }
    }

    private async Task<(SqliteStore Store, HeldWrite Held)> StoreWithAHeldWriteAsync()
    {
        var store = (SqliteStore)await NewStoreAsync();
        var held = new HeldWrite(store);
        await held.Started;
        return (store, held);
    }

    [Fact]
    public async Task Writes_queued_behind_a_running_commit_share_one_commit_and_none_is_answered_before_it()
    {
        var (store, held) = await StoreWithAHeldWriteAsync();
        var commitsBefore = store.Commits;

        var queued = Enumerable.Range(0, Queued)
            .Select(i => store.WriteAsync(tx => tx.InsertAsync("job", $"j{i}", "acc", "", $"job-{i}", "{}")))
            .ToList();
        await Task.Delay(50); // give a wrongly early answer the chance to show
        Assert.All(queued, write => Assert.False(write.IsCompleted));

        await held.ReleaseAsync();
        var written = await Task.WhenAll(queued);

        // The held write's commit, then one for all ten.
        Assert.Equal(commitsBefore + 2, store.Commits);
        Assert.Equal(written.Select(job => job.Id).Append("held").Order(), (await store.ReadAsync(reader => reader.ListAllAsync("job"))).Select(job => job.Id).Order());
    }

    [Fact]
    public async Task A_queued_write_cancelled_before_its_turn_is_skipped_and_the_rest_of_its_batch_commits()
    {
        var (store, held) = await StoreWithAHeldWriteAsync();
        using var giveUp = new CancellationTokenSource();

        var before = store.WriteAsync(tx => tx.InsertAsync("job", "before", "acc", "", "before", "{}"));
        var cancelled = store.WriteAsync(tx => tx.InsertAsync("job", "cancelled", "acc", "", "cancelled", "{}"), giveUp.Token);
        var after = store.WriteAsync(tx => tx.InsertAsync("job", "after", "acc", "", "after", "{}"));
        await giveUp.CancelAsync();
        await held.ReleaseAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await Task.WhenAll(before, after);
        Assert.Equal(["after", "before", "held"], (await store.ReadAsync(reader => reader.ListAllAsync("job"))).Select(job => job.Id));
    }

    [Fact]
    public async Task When_sqlite_abandons_a_batch_the_write_that_broke_it_fails_and_the_others_run_again_and_commit()
    {
        var (store, held) = await StoreWithAHeldWriteAsync();
        var firstRuns = 0;
        var lastRuns = 0;

        var first = store.WriteAsync(async tx =>
        {
            Interlocked.Increment(ref firstRuns);
            return await tx.InsertAsync("job", "first", "acc", "", "first", "{}");
        });
        // What SQLite does on its own on SQLITE_FULL or an I/O error: the whole transaction is rolled back.
        var breaking = WriteAsync(store, async tx =>
        {
            await tx.InsertAsync("job", "breaking", "acc", "", "breaking", "{}");
            await ((SqlStoreTransaction)tx).Commands.ExecuteAsync("ROLLBACK", CancellationToken.None);
        });
        var last = store.WriteAsync(async tx =>
        {
            Interlocked.Increment(ref lastRuns);
            return await tx.InsertAsync("job", "last", "acc", "", "last", "{}");
        });
        await held.ReleaseAsync();

        await Assert.ThrowsAsync<StoreException>(() => breaking);
        await Task.WhenAll(first, last);
        Assert.Equal((2, 1), (firstRuns, lastRuns));
        Assert.Equal(["first", "held", "last"], (await store.ReadAsync(reader => reader.ListAllAsync("job"))).Select(job => job.Id));
    }
}
