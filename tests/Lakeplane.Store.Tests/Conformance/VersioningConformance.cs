using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>Optimistic concurrency: updates and deletes name the version they expect.</summary>
public abstract class VersioningConformance(StoreBackend backend) : StoreTestBase(backend)
{
    [Fact]
    public async Task Each_update_adds_one_to_the_version_keeps_created_at_and_stamps_updated_at()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("job", "j1", "acc", "", "nightly", """{"n":0}"""));

        Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await store.WriteAsync(tx => tx.UpdateAsync("job", "j1", 1, "nightly", """{"n":1}"""));
        Clock.Advance(TimeSpan.FromMinutes(5));
        var third = await store.WriteAsync(tx => tx.UpdateAsync("job", "j1", 2, "nightly-renamed", """{"n":2}"""));

        Assert.Equal(2, second.Version);
        Assert.Equal(3, third.Version);
        var read = await store.ReadAsync(reader => reader.GetAsync("job", "j1"));
        Assert.Equal(third, read);
        Assert.Equal(("nightly-renamed", """{"n":2}"""), (read!.Name, read.Body));
        Assert.Equal(StartTimeStored, read.CreatedAt);
        Assert.Equal(StartTimeStored.AddMinutes(10), read.UpdatedAt);
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict_that_changes_nothing()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("job", "j1", "acc", "", "nightly", """{"n":0}"""));
        var current = await store.WriteAsync(tx => tx.UpdateAsync("job", "j1", 1, "nightly", """{"n":1}"""));

        var conflict = await Assert.ThrowsAsync<StoreVersionConflictException>(
            () => store.WriteAsync(tx => tx.UpdateAsync("job", "j1", 1, "stale", """{"n":"stale"}""")));
        Assert.Equal((1, 2), (conflict.ExpectedVersion, conflict.ActualVersion));
        await Assert.ThrowsAsync<StoreVersionConflictException>(
            () => store.WriteAsync(tx => tx.UpdateAsync("job", "j1", 3, "future", "{}")));

        Assert.Equal(current, await store.ReadAsync(reader => reader.GetAsync("job", "j1")));
    }

    [Fact]
    public async Task Renaming_onto_a_taken_name_is_refused_and_a_rename_frees_the_old_name()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("catalog", "c1", "acc", "", "main", "{}"));
        await store.WriteAsync(tx => tx.InsertAsync("catalog", "c2", "acc", "", "dev", "{}"));

        await Assert.ThrowsAsync<StoreDuplicateNameException>(
            () => store.WriteAsync(tx => tx.UpdateAsync("catalog", "c2", 1, "main", """{"moved":true}""")));
        var untouched = await store.ReadAsync(reader => reader.GetAsync("catalog", "c2"));
        Assert.Equal(("dev", 1L, "{}"), (untouched!.Name, untouched.Version, untouched.Body));

        await store.WriteAsync(tx => tx.UpdateAsync("catalog", "c1", 1, "main-old", "{}"));
        await store.WriteAsync(tx => tx.UpdateAsync("catalog", "c2", 1, "main", "{}"));
        Assert.Equal("c2", (await store.ReadAsync(reader => reader.FindByNameAsync("catalog", "acc", "", "main")))?.Id);
        Assert.Null(await store.ReadAsync(reader => reader.FindByNameAsync("catalog", "acc", "", "dev")));
    }

    [Fact]
    public async Task Update_and_delete_of_a_missing_object_are_not_found()
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAsync<StoreNotFoundException>(() => store.WriteAsync(tx => tx.UpdateAsync("job", "nope", 1, "x", "{}")));
        await Assert.ThrowsAsync<StoreNotFoundException>(() => WriteAsync(store, tx => tx.DeleteAsync("job", "nope", 1)));
    }

    [Fact]
    public async Task Delete_needs_the_current_version_and_frees_the_name()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("cluster", "c1", "acc", "ws:1", "etl", "{}"));
        await store.WriteAsync(tx => tx.UpdateAsync("cluster", "c1", 1, "etl", """{"size":2}"""));

        await Assert.ThrowsAsync<StoreVersionConflictException>(() => WriteAsync(store, tx => tx.DeleteAsync("cluster", "c1", 1)));
        Assert.NotNull(await store.ReadAsync(reader => reader.GetAsync("cluster", "c1")));

        await WriteAsync(store, tx => tx.DeleteAsync("cluster", "c1", 2));
        Assert.Null(await store.ReadAsync(reader => reader.GetAsync("cluster", "c1")));
        var reused = await store.WriteAsync(tx => tx.InsertAsync("cluster", "c2", "acc", "ws:1", "etl", "{}"));
        Assert.Equal(1, reused.Version);
    }
}
