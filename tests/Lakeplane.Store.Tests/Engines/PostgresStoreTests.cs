using System.Text.Json;
using Lakeplane.Daemon.Store;
using Npgsql;

namespace Lakeplane.Store.Tests;

/// <summary>What only the PostgreSQL store has: retried serialization failures, and a schema of its own.</summary>
public sealed class PostgresStoreTests(PostgresBackend backend) : StoreTestBase(backend), IClassFixture<PostgresBackend>
{
    private static int Count(StoredObject stored) => JsonDocument.Parse(stored.Body).RootElement.GetProperty("count").GetInt32();

    /// <summary>
    /// Reads the counter, lets another store commit an update to it, then updates it: under
    /// SERIALIZABLE the last step fails with 40001 and the whole work runs again.
    /// </summary>
    private static Func<IStoreTransaction, Task<StoredObject>> IncrementRacedBy(IStore rival, Func<int, bool> raceOnAttempt, Action onAttempt)
    {
        var attempt = 0;
        return async tx =>
        {
            onAttempt();
            var seen = (await tx.GetAsync("counter", "c"))!;
            if (raceOnAttempt(++attempt))
            {
                var rivalSeen = (await rival.ReadAsync(reader => reader.GetAsync("counter", "c")))!;
                await rival.WriteAsync(rt => rt.UpdateAsync("counter", "c", rivalSeen.Version, "c", $$"""{"count":{{Count(rivalSeen) + 100}}}"""));
            }

            return await tx.UpdateAsync("counter", "c", seen.Version, "c", $$"""{"count":{{Count(seen) + 1}}}""");
        };
    }

    [Fact]
    public async Task A_serialization_failure_runs_the_work_again_on_fresh_data()
    {
        var database = await Backend.NewDatabaseAsync();
        var store = Open(database);
        await store.MigrateAsync();
        var rival = Open(database);
        await store.WriteAsync(tx => tx.InsertAsync("counter", "c", "acc", "", "c", """{"count":0}"""));
        var attempts = 0;

        var result = await store.WriteAsync(IncrementRacedBy(rival, attempt => attempt == 1, () => attempts++));

        Assert.Equal(2, attempts);
        Assert.Equal((3L, 101), (result.Version, Count(result)));
        Assert.Equal(result, await store.ReadAsync(reader => reader.GetAsync("counter", "c")));
    }

    [Fact]
    public async Task Contention_that_outlasts_every_retry_is_reported_as_busy_and_commits_nothing_of_this_work()
    {
        var database = await Backend.NewDatabaseAsync();
        var store = Open(database);
        await store.MigrateAsync();
        var rival = Open(database);
        await store.WriteAsync(tx => tx.InsertAsync("counter", "c", "acc", "", "c", """{"count":0}"""));
        var attempts = 0;

        var busy = await Assert.ThrowsAsync<StoreBusyException>(
            () => store.WriteAsync(IncrementRacedBy(rival, _ => true, () => attempts++)));

        Assert.Equal(PostgresStore.MaxWriteAttempts, attempts);
        Assert.Equal("40001", Assert.IsType<PostgresException>(busy.InnerException).SqlState);
        var final = (await store.ReadAsync(reader => reader.GetAsync("counter", "c")))!;
        Assert.Equal(100 * PostgresStore.MaxWriteAttempts, Count(final));
    }

    [Fact]
    public async Task Tables_live_in_the_store_schema_and_two_schemas_in_one_database_do_not_meet()
    {
        var first = await NewStoreAsync();
        var second = await NewStoreAsync();

        await first.WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "prod", "{}"));

        Assert.Null(await second.ReadAsync(reader => reader.GetAsync("workspace", "w1")));
        await second.WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "prod", "{}"));
    }

    [Fact]
    public void A_schema_name_that_would_need_quoting_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new PostgresStore("Host=127.0.0.1", "Robert\"; DROP SCHEMA public; --"));
    }
}
