using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>
/// The entry point of this assembly when run as a program rather than by the test runner: a writer
/// that commits pairs of objects as fast as it can and prints the number of each pair once
/// <see cref="IStore.WriteAsync{T}"/> has acknowledged it, until someone kills it. With several
/// writers at once their writes queue behind each other's commits and are committed in groups.
/// </summary>
public static class CrashWriterProgram
{
    public const string Command = "crash-writer";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [Command, var databasePath, var writerCount] || !int.TryParse(writerCount, out var writers) || writers < 1)
        {
            await Console.Error.WriteLineAsync($"usage: {Command} DATABASE_PATH WRITERS");
            return 2;
        }

        await using var store = new SqliteStore(databasePath);
        await store.MigrateAsync();
        using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var outputLock = new SemaphoreSlim(1, 1);
        var nextPair = -1;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var pair = Interlocked.Increment(ref nextPair);
                await store.WriteAsync(async tx =>
                {
                    await tx.InsertAsync("crash", $"a{pair:D6}", "acc", "", $"a{pair:D6}", $$"""{"pair":{{pair}}}""");
                    await tx.InsertAsync("crash", $"b{pair:D6}", "acc", "", $"b{pair:D6}", $$"""{"pair":{{pair}}}""");
                    return true;
                });
                await outputLock.WaitAsync();
                try
                {
                    await output.WriteLineAsync(pair.ToString());
                }
                finally
                {
                    outputLock.Release();
                }
            }
        })));
        return 0;
    }
}
