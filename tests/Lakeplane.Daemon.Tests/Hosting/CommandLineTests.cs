using System.Diagnostics;
using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Daemon.Tests.Hosting;

/// <summary>The command line a user sees, and the environment variables that stand in for flags.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_explains_serve_and_its_options()
    {
        var (exitCode, output) = await RunAsync("serve", "--help");
        Assert.Equal(0, exitCode);
        foreach (var option in new[] { "--listen", "--data-dir", "--store", "--postgres", "LAKEPLANE_LISTEN", "127.0.0.1:7070" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
        var (rootExit, rootOutput) = await RunAsync("--help");
        Assert.Equal(0, rootExit);
        Assert.Contains("serve", rootOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_store_is_refused()
    {
        var (exitCode, output) = await RunAsync("serve", "--store", "mysql", "--data-dir", Path.GetTempPath());
        Assert.NotEqual(0, exitCode);
        Assert.Contains("mysql", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_variables_set_the_data_directory()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("lakeplane-env-").FullName;
        try
        {
            // The fixture passes --data-dir; here only the environment names the directory.
            var (fileName, prefix) = DaemonBinary.Locate();
            var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in prefix.Concat(["serve"]))
            {
                start.ArgumentList.Add(argument);
            }
            start.Environment["LAKEPLANE_DATA_DIR"] = dataDirectory;
            start.Environment["LAKEPLANE_LISTEN"] = "127.0.0.1:0";
            using var process = Process.Start(start)!;
            try
            {
                var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
                Assert.StartsWith("lakeplaned listening on http://127.0.0.1:", line, StringComparison.Ordinal);
                Assert.True(File.Exists(Path.Combine(dataDirectory, "env")));
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var (fileName, prefix) = DaemonBinary.Locate();
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}
