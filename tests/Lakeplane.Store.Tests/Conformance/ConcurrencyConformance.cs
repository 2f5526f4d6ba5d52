using System.Text.Json;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>Many writers at once: no lost update, no duplicate, no audit entry out of order.</summary>
public abstract class ConcurrencyConformance(StoreBackend backend) : StoreTestBase(backend)
{
    private const int Writers = 20;

    private static int Count(StoredObject stored) => JsonDocument.Parse(stored.Body).RootElement.GetProperty("count").GetInt32();

    private static string WithCount(int count) => $$"""{"count":{{count}}}""";

    [Fact]
    public async Task Parallel_optimistic_updates_that_retry_on_conflict_lose_nothing()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("counter", "c", "acc", "", "c", WithCount(0)));

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                // Read, then write in a separate transaction: the API's read-modify-write with an etag.
                var seen = (await store.ReadAsync(reader => reader.GetAsync("counter", "c")))!;
                try
                {
                    await store.WriteAsync(tx => tx.UpdateAsync("counter", "c", seen.Version, "c", WithCount(Count(seen) + 1)));
                    return;
                }
                catch (StoreVersionConflictException)
                {
                    // Someone else won this round: read again and retry.
                }
            }
        })));

        var final = (await store.ReadAsync(reader => reader.GetAsync("counter", "c")))!;
        Assert.Equal((Writers + 1L, Writers), (final.Version, Count(final)));
    }

    [Fact]
    public async Task Parallel_read_modify_write_inside_one_transaction_each_is_serialised()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("counter", "c", "acc", "", "c", WithCount(0)));

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(() => store.WriteAsync(async tx =>
        {
            var current = (await tx.GetAsync("counter", "c"))!;
            return await tx.UpdateAsync("counter", "c", current.Version, "c", WithCount(Count(current) + 1));
        }))));

        var final = (await store.ReadAsync(reader => reader.GetAsync("counter", "c")))!;
        Assert.Equal((Writers + 1L, Writers), (final.Version, Count(final)));
    }

    [Fact]
    public async Task Parallel_inserts_of_one_name_leave_exactly_one_winner()
    {
        var store = await NewStoreAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.WriteAsync(tx => tx.InsertAsync("workspace", $"w{i}", "acc", "", "prod", "{}"));
                return true;
            }
            catch (StoreDuplicateNameException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
        Assert.Single(await store.ReadAsync(reader => reader.ListAsync("workspace", "acc", null)));
    }

    [Fact]
    public async Task Parallel_audited_writes_get_distinct_increasing_sequences_and_none_is_lost()
    {
        var store = await NewStoreAsync();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Run(() => WriteAsync(store, async tx =>
        {
            await tx.InsertAsync("job", $"j{i}", "acc", "", $"job-{i}", "{}");
            await tx.AppendAuditAsync("acc", "alice", "create", "job", $"j{i}", "{}");
        }))));

        var entries = await store.ReadAsync(reader => reader.ListAuditAsync("acc", 0, 1000));
        Assert.Equal(Enumerable.Range(0, Writers).Select(i => $"j{i}").Order(), entries.Select(e => e.ObjectId).Order());
        Assert.All(entries.Zip(entries.Skip(1)), pair => Assert.True(pair.First.Sequence < pair.Second.Sequence));
    }
}
