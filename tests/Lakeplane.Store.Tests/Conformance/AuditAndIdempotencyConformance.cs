using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>The audit log and the answers remembered for request ids.</summary>
public abstract class AuditAndIdempotencyConformance(StoreBackend backend) : StoreTestBase(backend)
{
    [Fact]
    public async Task Audit_entries_list_in_append_order_per_account_and_page_by_sequence()
    {
        var store = await NewStoreAsync();
        for (var i = 1; i <= 5; i++)
        {
            var n = i;
            await WriteAsync(store, async tx =>
            {
                await tx.AppendAuditAsync("acc", "alice", $"action-{n}", "workspace", $"w{n}", $$"""{"n":{{n}}}""");
                await tx.AppendAuditAsync("other", "bob", $"other-{n}", "workspace", $"x{n}", "{}");
            });
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var all = await store.ReadAsync(reader => reader.ListAuditAsync("acc", 0, 100));
        Assert.Equal(["action-1", "action-2", "action-3", "action-4", "action-5"], all.Select(e => e.Action));
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.True(pair.First.Sequence < pair.Second.Sequence));
        Assert.Equal(
            new AuditEntry(all[0].Sequence, StartTimeStored, "acc", "alice", "action-1", "workspace", "w1", """{"n":1}"""),
            all[0]);
        Assert.Equal(StartTimeStored.AddSeconds(4), all[4].Time);

        var firstPage = await store.ReadAsync(reader => reader.ListAuditAsync("acc", 0, 2));
        var secondPage = await store.ReadAsync(reader => reader.ListAuditAsync("acc", firstPage[^1].Sequence, 2));
        Assert.Equal(all.Take(4), firstPage.Concat(secondPage));
        Assert.All(await store.ReadAsync(reader => reader.ListAuditAsync("other", 0, 100)), entry => Assert.Equal("bob", entry.Actor));
    }

    [Fact]
    public async Task An_audit_entry_never_becomes_visible_before_one_with_a_lower_sequence()
    {
        var store = await NewStoreAsync();
        var firstAppended = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();

        var first = Task.Run(() => WriteAsync(store, async tx =>
        {
            await tx.AppendAuditAsync("acc", "alice", "first", "job", "j1", "{}");
            firstAppended.TrySetResult();
            await releaseFirst.Task;
        }));
        await firstAppended.Task;
        var second = Task.Run(() => WriteAsync(store, tx => tx.AppendAuditAsync("acc", "bob", "second", "job", "j2", "{}")));
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(300)));

        // A reader tailing the log from here on asks for entries after the last sequence it saw: had
        // "second" committed ahead of "first", the reader would step past "first" for ever.
        var whileFirstIsOpen = await store.ReadAsync(reader => reader.ListAuditAsync("acc", 0, 100));
        releaseFirst.SetResult();
        await Task.WhenAll(first, second);

        Assert.Empty(whileFirstIsOpen);
        var entries = await store.ReadAsync(reader => reader.ListAuditAsync("acc", 0, 100));
        Assert.Equal(["first", "second"], entries.Select(e => e.Action));
    }

    [Fact]
    public async Task An_idempotency_record_reads_back_with_the_store_clock_as_its_time()
    {
        var store = await NewStoreAsync();
        var record = new IdempotencyRecord("acc", "req-1", "CreateWorkspace", "w1", """{"id":"w1"}""", DateTimeOffset.UnixEpoch);

        Assert.Null(await store.ReadAsync(reader => reader.GetIdempotencyAsync("acc", "req-1")));
        await WriteAsync(store, tx => tx.PutIdempotencyAsync(record));

        Assert.Equal(record with { CreatedAt = StartTimeStored }, await store.ReadAsync(reader => reader.GetIdempotencyAsync("acc", "req-1")));
        Assert.Null(await store.ReadAsync(reader => reader.GetIdempotencyAsync("other", "req-1")));
    }

    [Fact]
    public async Task A_request_id_is_answered_once_per_account()
    {
        var store = await NewStoreAsync();
        var first = new IdempotencyRecord("acc", "req-1", "CreateWorkspace", "w1", "first", StartTime);
        await WriteAsync(store, tx => tx.PutIdempotencyAsync(first));

        var duplicate = await Assert.ThrowsAsync<StoreDuplicateRequestException>(
            () => WriteAsync(store, tx => tx.PutIdempotencyAsync(first with { ObjectId = "w2", Response = "second" })));
        Assert.Equal("req-1", duplicate.RequestId);
        Assert.Equal("first", (await store.ReadAsync(reader => reader.GetIdempotencyAsync("acc", "req-1")))?.Response);

        await WriteAsync(store, tx => tx.PutIdempotencyAsync(first with { AccountId = "other" }));
        Assert.NotNull(await store.ReadAsync(reader => reader.GetIdempotencyAsync("other", "req-1")));
    }
}
