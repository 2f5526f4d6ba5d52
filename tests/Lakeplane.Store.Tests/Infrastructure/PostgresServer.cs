using System.Diagnostics;

namespace Lakeplane.Store.Tests;

/// <summary>
/// The PostgreSQL every PostgreSQL test class shares: the one named by LAKEPLANE_TEST_POSTGRES
/// (what `make test` starts), or else one this process starts itself with tests/scripts/postgres.sh
/// in &lt;repo&gt;/.work/postgres, so a plain `dotnet test` needs nothing prepared. A server this process
/// started is stopped when it exits; one that was already running is left alone.
/// </summary>
internal static class PostgresServer
{
    private const string EnvironmentVariable = "LAKEPLANE_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static Task<string> ConnectionStringAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "tests", "scripts", "postgres.sh");
        var directory = Path.Combine(root, ".work", "postgres");
        var alreadyRunning = (await RunAsync(script, "status", directory)).ExitCode == 0;
        await RunCheckedAsync(script, "start", directory);
        if (!alreadyRunning)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAsync(script, "stop", directory).GetAwaiter().GetResult();
        }

        return (await RunCheckedAsync(script, "url", directory)).Trim();
    }

    private static async Task<string> RunCheckedAsync(string script, string command, string directory)
    {
        var (exitCode, output, errors) = await RunAsync(script, command, directory);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"postgres.sh {command} {directory} failed ({exitCode}): {errors}{output}");
        }

        return output;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string script, string command, string directory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
