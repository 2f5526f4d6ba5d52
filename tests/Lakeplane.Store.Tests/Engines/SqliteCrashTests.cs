using System.Diagnostics;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Store.Tests;

/// <summary>A daemon killed with SIGKILL in the middle of writing: what it acknowledged is there, and no transaction is half there.</summary>
public sealed class SqliteCrashTests(SqliteBackend backend) : StoreTestBase(backend), IClassFixture<SqliteBackend>
{
    private const int AcknowledgedBeforeKill = 200;

    [Theory]
    [InlineData(1)]
    [InlineData(8)] // committed in groups
    public async Task Every_acknowledged_write_survives_sigkill_and_no_transaction_is_half_applied(int writers)
    {
        var database = await Backend.NewDatabaseAsync();
        var acknowledged = new List<int>();

        using (var writer = StartCrashWriter(database, writers))
        {
            try
            {
                while (acknowledged.Count < AcknowledgedBeforeKill && await writer.StandardOutput.ReadLineAsync() is { } line)
                {
                    acknowledged.Add(int.Parse(line));
                }

                if (acknowledged.Count < AcknowledgedBeforeKill)
                {
                    Assert.Fail($"The writer stopped after {acknowledged.Count} writes: {await writer.StandardError.ReadToEndAsync()}");
                }

                writer.Kill(); // SIGKILL: no finally blocks, no disposal, no checkpoint
                // Whatever it printed before dying was acknowledged too.
                while (await writer.StandardOutput.ReadLineAsync() is { } line)
                {
                    acknowledged.Add(int.Parse(line));
                }

                await writer.WaitForExitAsync();
            }
            finally
            {
                // Never leave a writer running when the test itself failed.
                if (!writer.HasExited)
                {
                    writer.Kill();
                }
            }
        }

        var store = Open(database);
        await store.MigrateAsync();
        var stored = await store.ReadAsync(reader => reader.ListAllAsync("crash"));
        var pairs = stored.GroupBy(o => int.Parse(o.Id[1..])).ToDictionary(g => g.Key, g => g.Count());

        Assert.All(acknowledged, pair => Assert.True(pairs.ContainsKey(pair), $"acknowledged pair {pair} is lost"));
        Assert.All(pairs, pair => Assert.True(pair.Value == 2, $"pair {pair.Key} is half written"));
        // At most, per writer, the one transaction that committed while its acknowledgement was being printed.
        Assert.InRange(pairs.Count, acknowledged.Count, acknowledged.Count + writers);
    }

    private static Process StartCrashWriter(string database, int writers)
    {
        var assembly = typeof(CrashWriterProgram).Assembly.Location;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(CrashWriterProgram.Command);
        start.ArgumentList.Add(database);
        start.ArgumentList.Add(writers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("could not start the crash writer");
    }
}
