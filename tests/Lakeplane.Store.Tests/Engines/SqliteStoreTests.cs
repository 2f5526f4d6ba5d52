using System.Text.Json;
using Lakeplane.Daemon.Store;
using Microsoft.Data.Sqlite;

namespace Lakeplane.Store.Tests;

/// <summary>What only the SQLite store has: its durability settings, and writers in other processes.</summary>
public sealed class SqliteStoreTests(SqliteBackend backend) : StoreTestBase(backend), IClassFixture<SqliteBackend>
{
    private static async Task<string> PragmaAsync(SqliteConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return Convert.ToString(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Connections_use_wal_and_wait_for_the_disk_on_every_commit()
    {
        var store = (SqliteStore)await NewStoreAsync();

        await using var connection = await store.OpenAsync(CancellationToken.None);

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal("2", await PragmaAsync(connection, "synchronous")); // 2 = FULL
        Assert.Equal("10000", await PragmaAsync(connection, "busy_timeout"));
    }

    [Fact]
    public async Task Writers_on_one_file_from_separate_stores_wait_for_each_other_instead_of_losing_updates()
    {
        // Separate stores share no semaphore, as two processes would not: only BEGIN IMMEDIATE and the
        // busy timeout keep their read-modify-write transactions from interleaving.
        var database = await Backend.NewDatabaseAsync();
        var first = Open(database);
        await first.MigrateAsync();
        var second = Open(database);
        await first.WriteAsync(tx => tx.InsertAsync("counter", "c", "acc", "", "c", """{"count":0}"""));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).WriteAsync(async tx =>
        {
            var seen = (await tx.GetAsync("counter", "c"))!;
            await Task.Delay(5); // widen the window in which the other store's writer could interleave
            var count = JsonDocument.Parse(seen.Body).RootElement.GetProperty("count").GetInt32();
            return await tx.UpdateAsync("counter", "c", seen.Version, "c", $$"""{"count":{{count + 1}}}""");
        }))));

        var final = (await second.ReadAsync(reader => reader.GetAsync("counter", "c")))!;
        Assert.Equal((21L, """{"count":20}"""), (final.Version, final.Body));
    }

    [Fact]
    public async Task The_data_directory_is_created_when_missing()
    {
        var database = await Backend.NewDatabaseAsync();
        Assert.False(Directory.Exists(Path.GetDirectoryName(database)));

        var store = Open(database);
        await store.MigrateAsync();

        Assert.True(File.Exists(database));
    }
}
