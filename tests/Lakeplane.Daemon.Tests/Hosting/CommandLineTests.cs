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

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:99999")]
    public async Task A_bad_listen_address_is_explained(string listen)
    {
        var (exitCode, output) = await RunAsync("serve", "--listen", listen, "--data-dir", Path.GetTempPath());
        Assert.Equal(2, exitCode);
        Assert.Contains("--listen", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Appsettings_json_in_the_working_directory_configures_it_and_flags_win_over_environment()
    {
        var workingDirectory = Directory.CreateTempSubdirectory("lakeplane-cwd-").FullName;
        var fromSettings = Path.Combine(workingDirectory, "from-appsettings");
        var fromFlag = Path.Combine(workingDirectory, "from-flag");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(workingDirectory, "appsettings.json"),
                $$"""{ "Lakeplane": { "Listen": "127.0.0.1:0", "DataDir": "{{fromSettings}}" } }""");
            await StartAndStopAsync(workingDirectory, new Dictionary<string, string>());
            Assert.True(File.Exists(Path.Combine(fromSettings, "env")), "appsettings.json DataDir was not used");

            await StartAndStopAsync(workingDirectory, new Dictionary<string, string> { ["LAKEPLANE_DATA_DIR"] = fromSettings }, "--data-dir", fromFlag);
            Assert.True(File.Exists(Path.Combine(fromFlag, "env")), "--data-dir did not win over LAKEPLANE_DATA_DIR");
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
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
                await ReadUntilReadyAsync(process);
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

    /// <summary>Starts `serve` with only what is given (no --listen/--data-dir unless passed), waits for the ready line, stops it.</summary>
    private static async Task StartAndStopAsync(string workingDirectory, Dictionary<string, string> environment, params string[] arguments)
    {
        var (fileName, prefix) = DaemonBinary.Locate();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        foreach (var argument in prefix.Concat(["serve"]).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in new[] { "LAKEPLANE_LISTEN", "LAKEPLANE_DATA_DIR", "LAKEPLANE_STORE", "LAKEPLANE_POSTGRES" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await ReadUntilReadyAsync(process);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _ = await errors;
    }

    /// <summary>Reads stdout up to the ready line, which comes last after any bootstrap output.</summary>
    private static async Task ReadUntilReadyAsync(Process process)
    {
        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("lakeplaned listening on http://127.0.0.1:", StringComparison.Ordinal))
            {
                return;
            }
            seen.Add(line);
        }
        Assert.Fail("lakeplaned exited without its ready line; stdout: " + string.Join('\n', seen));
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
