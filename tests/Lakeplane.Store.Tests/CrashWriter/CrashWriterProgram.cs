using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>
/// The entry point of this assembly when run as a program rather than by the test runner: a writer
/// that commits pairs of objects as fast as it can and prints the number of each pair once
/// <see cref="IStore.WriteAsync{T}"/> has acknowledged it, until someone kills it.
/// </summary>
public static class CrashWriterProgram
{
    public const string Command = "crash-writer";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [Command, var databasePath])
        {
            await Console.Error.WriteLineAsync($"usage: {Command} DATABASE_PATH");
            return 2;
        }

        await using var store = new SqliteStore(databasePath);
        await store.MigrateAsync();
        using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        for (var pair = 0; ; pair++)
        {
            await store.WriteAsync(async tx =>
            {
                await tx.InsertAsync("crash", $"a{pair:D6}", "acc", "", $"a{pair:D6}", $$"""{"pair":{{pair}}}""");
                await tx.InsertAsync("crash", $"b{pair:D6}", "acc", "", $"b{pair:D6}", $$"""{"pair":{{pair}}}""");
                return true;
            });
            await output.WriteLineAsync(pair.ToString());
        }
    }
}
