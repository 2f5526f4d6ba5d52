using System.Diagnostics;

namespace Lakeplane.Daemon.Tests.Support;

/// <summary>
/// The PostgreSQL server the PostgreSQL daemon runs use: LAKEPLANE_TEST_POSTGRES (what `make test`
/// starts), or else one started here with the project's tests/scripts/postgres.sh in
/// &lt;repo&gt;/.work/postgres-daemon-tests and stopped when this test process exits.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    public static Task<string> ConnectionStringAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("LAKEPLANE_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var root = DaemonBinary.RepositoryRoot();
        var script = Path.Combine(root, "tests", "scripts", "postgres.sh");
        // Its own directory: another test process stopping "its" server must not stop this one.
        var directory = Path.Combine(root, ".work", "postgres-daemon-tests");
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
        var (exitCode, output) = await RunAsync(script, command, directory);
        return exitCode == 0 ? output : throw new InvalidOperationException($"postgres.sh {command} {directory} failed ({exitCode}): {output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, string command, string directory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
