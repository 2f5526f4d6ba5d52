using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>Inserting, finding and listing objects.</summary>
public abstract class ObjectConformance(StoreBackend backend) : StoreTestBase(backend)
{
    [Fact]
    public async Task Insert_returns_version_1_and_get_reads_back_the_same_object()
    {
        var store = await NewStoreAsync();

        var inserted = await store.WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "prod", """{"region":"eu"}"""));
        var read = await store.ReadAsync(reader => reader.GetAsync("workspace", "w1"));

        var expected = new StoredObject("workspace", "w1", "acc", "", "prod", 1, """{"region":"eu"}""", StartTimeStored, StartTimeStored);
        Assert.Equal(expected, inserted);
        Assert.Equal(expected, read);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_or_of_the_id_under_another_kind_is_null()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "prod", "{}"));

        Assert.Null(await store.ReadAsync(reader => reader.GetAsync("workspace", "w2")));
        Assert.Null(await store.ReadAsync(reader => reader.GetAsync("network", "w1")));
    }

    [Fact]
    public async Task Find_by_name_matches_kind_account_scope_and_name_exactly()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("schema", "s1", "acc", "catalog:main", "sales", "{}"));

        var found = await store.ReadAsync(reader => reader.FindByNameAsync("schema", "acc", "catalog:main", "sales"));
        Assert.Equal("s1", found?.Id);
        Assert.Null(await store.ReadAsync(reader => reader.FindByNameAsync("schema", "acc", "catalog:other", "sales")));
        Assert.Null(await store.ReadAsync(reader => reader.FindByNameAsync("schema", "other", "catalog:main", "sales")));
        Assert.Null(await store.ReadAsync(reader => reader.FindByNameAsync("table", "acc", "catalog:main", "sales")));
        Assert.Null(await store.ReadAsync(reader => reader.FindByNameAsync("schema", "acc", "catalog:main", "Sales")));
    }

    [Fact]
    public async Task Objects_without_a_name_may_share_it_and_are_not_found_by_it()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("token", "t1", "acc", "", "", "{}"));
        await store.WriteAsync(tx => tx.InsertAsync("token", "t2", "acc", "", "", "{}"));

        Assert.Null(await store.ReadAsync(reader => reader.FindByNameAsync("token", "acc", "", "")));
        Assert.Equal(["t1", "t2"], (await store.ReadAsync(reader => reader.ListAsync("token", "acc", ""))).Select(o => o.Id));
    }

    [Fact]
    public async Task Duplicate_name_in_the_same_scope_is_refused_but_other_scopes_accounts_and_kinds_may_reuse_it()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("schema", "s1", "acc", "catalog:a", "sales", """{"v":1}"""));

        var duplicate = await Assert.ThrowsAsync<StoreDuplicateNameException>(
            () => store.WriteAsync(tx => tx.InsertAsync("schema", "s2", "acc", "catalog:a", "sales", """{"v":2}""")));
        Assert.Equal("sales", duplicate.Name);
        Assert.Null(await store.ReadAsync(reader => reader.GetAsync("schema", "s2")));
        Assert.Equal("""{"v":1}""", (await store.ReadAsync(reader => reader.GetAsync("schema", "s1")))?.Body);

        await store.WriteAsync(tx => tx.InsertAsync("schema", "s3", "acc", "catalog:b", "sales", "{}"));
        await store.WriteAsync(tx => tx.InsertAsync("schema", "s4", "other", "catalog:a", "sales", "{}"));
        await store.WriteAsync(tx => tx.InsertAsync("volume", "s5", "acc", "catalog:a", "sales", "{}"));
    }

    [Fact]
    public async Task Duplicate_id_within_a_kind_is_refused_and_the_original_kept()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "prod", """{"v":1}"""));

        await Assert.ThrowsAsync<StoreDuplicateIdException>(
            () => store.WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "other", """{"v":2}""")));

        var kept = await store.ReadAsync(reader => reader.GetAsync("workspace", "w1"));
        Assert.Equal(("prod", """{"v":1}"""), (kept?.Name, kept?.Body));
        await store.WriteAsync(tx => tx.InsertAsync("network", "w1", "acc", "", "prod", "{}"));
    }

    [Fact]
    public async Task List_orders_by_name_then_id_filters_by_scope_and_pages_by_keyset()
    {
        var store = await NewStoreAsync();
        // Names repeat across scopes, so (name, id) is needed to page without skipping or repeating.
        string[][] rows =
        [
            ["c3", "scope:1", "beta"], ["c1", "scope:2", "beta"], ["c2", "scope:1", "alpha"],
            ["c5", "scope:2", "Zulu"], ["c4", "scope:1", "gamma"], ["c6", "scope:2", "alpha"], ["c7", "scope:1", "alpha-2"],
        ];
        await WriteAsync(store, async tx =>
        {
            foreach (var row in rows)
            {
                await tx.InsertAsync("cluster", row[0], "acc", row[1], row[2], "{}");
            }

            await tx.InsertAsync("cluster", "c0", "other-account", "scope:1", "alpha", "{}");
        });

        // Ordinal order: upper case before lower case, "alpha" before "alpha-2".
        string[] everyScope = ["c5", "c2", "c6", "c7", "c1", "c3", "c4"];
        var all = await store.ReadAsync(reader => reader.ListAsync("cluster", "acc", null));
        Assert.Equal(everyScope, all.Select(o => o.Id));

        var paged = new List<string>();
        (string Name, string Id)? after = null;
        while (true)
        {
            var page = await store.ReadAsync(reader => reader.ListAsync("cluster", "acc", null, after, limit: 3));
            Assert.True(page.Count <= 3);
            paged.AddRange(page.Select(o => o.Id));
            if (page.Count < 3)
            {
                break;
            }

            after = (page[^1].Name, page[^1].Id);
        }

        Assert.Equal(everyScope, paged);
        var scoped = await store.ReadAsync(reader => reader.ListAsync("cluster", "acc", "scope:1"));
        Assert.Equal(["c2", "c7", "c3", "c4"], scoped.Select(o => o.Id));
        var afterBeta = await store.ReadAsync(reader => reader.ListAsync("cluster", "acc", "scope:1", ("alpha-2", "c7"), limit: 1));
        Assert.Equal(["c3"], afterBeta.Select(o => o.Id));
    }

    [Fact]
    public async Task List_all_spans_accounts_in_id_order_and_pages_by_id()
    {
        var store = await NewStoreAsync();
        await WriteAsync(store, async tx =>
        {
            await tx.InsertAsync("workspace", "w3", "acc-b", "", "three", "{}");
            await tx.InsertAsync("workspace", "w1", "acc-a", "", "one", "{}");
            await tx.InsertAsync("workspace", "w2", "acc-c", "", "two", "{}");
            await tx.InsertAsync("network", "n1", "acc-a", "", "net", "{}");
        });

        var all = await store.ReadAsync(reader => reader.ListAllAsync("workspace"));
        Assert.Equal(["w1", "w2", "w3"], all.Select(o => o.Id));
        var firstPage = await store.ReadAsync(reader => reader.ListAllAsync("workspace", limit: 2));
        var secondPage = await store.ReadAsync(reader => reader.ListAllAsync("workspace", firstPage[^1].Id, limit: 2));
        Assert.Equal(["w1", "w2"], firstPage.Select(o => o.Id));
        Assert.Equal(["w3"], secondPage.Select(o => o.Id));
    }

    [Fact]
    public async Task What_one_store_committed_another_store_on_the_same_database_reads()
    {
        var database = await Backend.NewDatabaseAsync();
        var first = Open(database);
        await first.MigrateAsync();
        var written = await first.WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "prod", "{}"));
        await first.DisposeAsync();

        var restarted = Open(database);
        await restarted.MigrateAsync();
        Assert.Equal(written, await restarted.ReadAsync(reader => reader.GetAsync("workspace", "w1")));
    }
}
