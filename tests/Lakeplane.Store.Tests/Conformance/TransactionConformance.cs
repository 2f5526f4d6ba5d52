using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>A write transaction is all or nothing; a read transaction sees one snapshot.</summary>
public abstract class TransactionConformance(StoreBackend backend) : StoreTestBase(backend)
{
    private sealed class WorkFailed : Exception;

    [Fact]
    public async Task An_exception_in_the_work_rolls_back_everything_it_wrote()
    {
        var store = await NewStoreAsync();
        var existing = await store.WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "prod", """{"v":1}"""));

        await Assert.ThrowsAsync<WorkFailed>(() => WriteAsync(store, async tx =>
        {
            await tx.InsertAsync("workspace", "w2", "acc", "", "staging", "{}");
            await tx.UpdateAsync("workspace", "w1", 1, "prod-renamed", """{"v":2}""");
            await tx.AppendAuditAsync("acc", "alice", "create", "workspace", "w2", "{}");
            await tx.PutIdempotencyAsync(new IdempotencyRecord("acc", "req-1", "create", "w2", "{}", StartTime));
            throw new WorkFailed();
        }));

        await store.ReadAsync(async reader =>
        {
            Assert.Null(await reader.GetAsync("workspace", "w2"));
            Assert.Equal(existing, await reader.GetAsync("workspace", "w1"));
            Assert.Empty(await reader.ListAuditAsync("acc", 0, 100));
            Assert.Null(await reader.GetIdempotencyAsync("acc", "req-1"));
            return true;
        });
    }

    [Fact]
    public async Task A_refused_write_caught_inside_the_transaction_does_not_spoil_the_rest_of_it()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("catalog", "c1", "acc", "", "main", "{}"));

        var chosen = await store.WriteAsync(async tx =>
        {
            try
            {
                return await tx.InsertAsync("catalog", "c2", "acc", "", "main", "{}");
            }
            catch (StoreDuplicateNameException)
            {
                return await tx.InsertAsync("catalog", "c2", "acc", "", "main-2", "{}");
            }
        });

        Assert.Equal("main-2", chosen.Name);
        Assert.Equal(chosen, await store.ReadAsync(reader => reader.GetAsync("catalog", "c2")));
    }

    [Fact]
    public async Task A_transaction_reads_its_own_writes_before_commit()
    {
        var store = await NewStoreAsync();

        var seen = await store.WriteAsync(async tx =>
        {
            await tx.InsertAsync("group", "g1", "acc", "", "admins", "{}");
            await tx.UpdateAsync("group", "g1", 1, "admins", """{"members":1}""");
            return await tx.FindByNameAsync("group", "acc", "", "admins");
        });

        Assert.Equal((2L, """{"members":1}"""), (seen!.Version, seen.Body));
    }

    [Fact]
    public async Task A_transaction_cannot_be_used_after_write_returns()
    {
        var store = await NewStoreAsync();

        var escaped = await store.WriteAsync(tx => Task.FromResult(tx));

        await Assert.ThrowsAsync<ObjectDisposedException>(() => escaped.InsertAsync("group", "g1", "acc", "", "late", "{}"));
        Assert.Null(await store.ReadAsync(reader => reader.GetAsync("group", "g1")));
    }

    [Fact]
    public async Task A_read_sees_one_snapshot_even_when_a_write_commits_in_the_middle()
    {
        var store = await NewStoreAsync();
        await WriteAsync(store, async tx =>
        {
            await tx.InsertAsync("account", "a", "acc", "", "a", """{"balance":10}""");
            await tx.InsertAsync("account", "b", "acc", "", "b", """{"balance":0}""");
        });

        var (firstRead, secondRead) = await store.ReadAsync(async reader =>
        {
            var a = await reader.GetAsync("account", "a");
            // A transfer commits between the reader's two reads; the reader must not see half of it.
            await WriteAsync(store, async tx =>
            {
                await tx.UpdateAsync("account", "a", 1, "a", """{"balance":0}""");
                await tx.UpdateAsync("account", "b", 1, "b", """{"balance":10}""");
            });
            var b = await reader.GetAsync("account", "b");
            return (a!.Body, b!.Body);
        });

        Assert.Equal(("""{"balance":10}""", """{"balance":0}"""), (firstRead, secondRead));
        Assert.Equal(2, (await store.ReadAsync(reader => reader.GetAsync("account", "b")))!.Version);
    }
}
