using System.Diagnostics;
using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.WorkspaceFiles.Tests.Support;

/// <summary>Runs `lakeplaned serve` expecting it to refuse to start: returns its exit code and stderr, or fails the test
/// (and stops it) when it starts listening instead.</summary>
public static class RefusedStart
{
    public static async Task<(int ExitCode, string Stderr)> RunAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (fileName, prefix) = DaemonBinary.Locate();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in prefix.Concat(["serve", "--listen", "127.0.0.1:0", "--data-dir", dataDirectory]))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in new[] { "LAKEPLANE_LISTEN", "LAKEPLANE_DATA_DIR", "LAKEPLANE_STORE", "LAKEPLANE_POSTGRES", "LAKEPLANE_MASTER_KEY_FILE", "LAKEPLANE_KMS_KEY_ID" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"lakeplaned did not refuse to start: it was still running after 60 s.\nstdout:\n{await stdout}");
        }
        return (process.ExitCode, await stderr);
    }
}
