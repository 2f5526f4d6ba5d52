using System.Data.Common;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>Versioned schema migrations: applied once, in one transaction, and never run backwards.</summary>
public abstract class MigrationConformance(StoreBackend backend) : StoreTestBase(backend)
{
    private const string CreateFutureTable = "CREATE TABLE future_things (id TEXT PRIMARY KEY)";

    private static Migration Next(string sql) => new(StoreMigrations.All.Count + 1, "a later release", sql, sql);

    private static IReadOnlyList<Migration> WithNext(string sql) => [.. StoreMigrations.All, Next(sql)];

    [Fact]
    public async Task A_new_database_is_at_version_0_and_migrates_to_the_newest_version()
    {
        var store = Open(await Backend.NewDatabaseAsync());

        Assert.Equal(0, await store.GetSchemaVersionAsync());
        await store.MigrateAsync();

        Assert.Equal(StoreMigrations.All[^1].Version, await store.GetSchemaVersionAsync());
    }

    [Fact]
    public async Task Migrating_again_changes_nothing_and_keeps_the_data()
    {
        var database = await Backend.NewDatabaseAsync();
        var store = Open(database);
        await store.MigrateAsync();
        var written = await store.WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "prod", "{}"));

        await store.MigrateAsync();
        var restarted = Open(database);
        await restarted.MigrateAsync();

        Assert.Equal(StoreMigrations.All[^1].Version, await restarted.GetSchemaVersionAsync());
        Assert.Equal(written, await restarted.ReadAsync(reader => reader.GetAsync("workspace", "w1")));
    }

    [Fact]
    public async Task A_database_migrated_by_newer_code_is_refused_with_both_versions_named()
    {
        var database = await Backend.NewDatabaseAsync();
        var newer = Open(database, WithNext(CreateFutureTable));
        await newer.MigrateAsync();

        var older = Open(database);
        var refused = await Assert.ThrowsAsync<StoreSchemaTooNewException>(() => older.MigrateAsync());

        Assert.Equal((StoreMigrations.All.Count + 1, StoreMigrations.All.Count), (refused.DatabaseVersion, refused.KnownVersion));
        Assert.Contains($"version {StoreMigrations.All.Count + 1}", refused.Message);
    }

    [Fact]
    public async Task A_failing_migration_leaves_neither_its_tables_nor_its_version_behind()
    {
        var database = await Backend.NewDatabaseAsync();
        var current = Open(database);
        await current.MigrateAsync();

        var broken = Open(database, WithNext(CreateFutureTable + "; THIS IS NOT SQL"));
        await Assert.ThrowsAnyAsync<DbException>(() => broken.MigrateAsync());
        Assert.Equal(StoreMigrations.All.Count, await broken.GetSchemaVersionAsync());

        // Had the failed step's table survived, creating it again would fail.
        var fixedRelease = Open(database, WithNext(CreateFutureTable));
        await fixedRelease.MigrateAsync();
        Assert.Equal(StoreMigrations.All.Count + 1, await fixedRelease.GetSchemaVersionAsync());
    }

    [Fact]
    public async Task Replicas_migrating_the_same_database_at_once_all_succeed()
    {
        var database = await Backend.NewDatabaseAsync();
        var replicas = Enumerable.Range(0, 4).Select(_ => Open(database)).ToList();

        await Task.WhenAll(replicas.Select(replica => Task.Run(() => replica.MigrateAsync())));

        foreach (var replica in replicas)
        {
            Assert.Equal(StoreMigrations.All[^1].Version, await replica.GetSchemaVersionAsync());
        }

        await replicas[0].WriteAsync(tx => tx.InsertAsync("workspace", "w1", "acc", "", "prod", "{}"));
    }
}
