using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// `make demo` as a new user meets it, run twice (the second time after `make demo-stop`): a copy of
/// the repository's user-facing files (examples/, README.md, docs/) in a temporary directory with
/// bin/ linked to the built executables, examples/demo.sh run there with bash, so that its daemon
/// keeps its data in &lt;copy&gt;/.lakeplane exactly where the documentation says. The provider comes
/// from a local filesystem mirror made by examples/install-provider.sh (what `make install` runs),
/// holding the JIT build of bin/ instead of the Native AOT one. The daemon stays up for the tests,
/// which run the documented commands against it, and is stopped with `demo.sh stop`.
/// </summary>
public sealed class DemoFixture : IAsyncLifetime
{
    public const string ProviderVersion = "0.1.0";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    public string Root { get; } = Directory.CreateTempSubdirectory("lakeplane-demo-").FullName;

    public string DataDirectory => Path.Combine(Root, ".lakeplane");

    public string MirrorDirectory => Root + "-mirror";

    public string Listen { get; } = $"127.0.0.1:{FreePort()}";

    public ShellResult FirstDemo { get; private set; } = ShellResult.None;

    public ShellResult SecondDemo { get; private set; } = ShellResult.None;

    public async Task InitializeAsync()
    {
        var repository = LakeplaneBinaries.RepositoryRoot;
        CopyDirectory(Path.Combine(repository, "examples"), Path.Combine(Root, "examples"));
        CopyDirectory(Path.Combine(repository, "docs"), Path.Combine(Root, "docs"));
        File.Copy(Path.Combine(repository, "README.md"), Path.Combine(Root, "README.md"));
        // The same check LakeplaneBinaries makes for every other test: missing executables fail with how to build them.
        _ = LakeplaneBinaries.Daemon;
        Directory.CreateSymbolicLink(Path.Combine(Root, "bin"), LakeplaneBinaries.Directory);
        File.WriteAllText(CliConfigFile, $$"""
            provider_installation {
              filesystem_mirror {
                path    = "{{MirrorDirectory}}"
                include = ["lakeplane/lakeplane"]
              }
            }
            """);
        (await RunAsync($"bash examples/install-provider.sh install {Quote(LakeplaneBinaries.Provider)} {ProviderVersion} {Quote(MirrorDirectory)}"))
            .Expect(0);

        FirstDemo = await RunAsync("bash examples/demo.sh");
        if (FirstDemo.ExitCode == 0)
        {
            (await RunAsync("bash examples/demo.sh stop")).Expect(0);
            SecondDemo = await RunAsync("bash examples/demo.sh");
        }
    }

    private string CliConfigFile => MirrorDirectory + ".tfrc";

    /// <summary>The admin token of the demo's account, from the env file (the only place it is written).</summary>
    public string AdminToken => File.ReadAllLines(Path.Combine(DataDirectory, "env"))
        .Single(line => line.StartsWith("export LAKEPLANE_TOKEN=", StringComparison.Ordinal))["export LAKEPLANE_TOKEN=".Length..];

    /// <summary>Runs a bash script in the copy's root, as a user at a terminal would (stdin answers prompts).</summary>
    public async Task<ShellResult> RunAsync(string script, string stdin = "")
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { "-euo", "pipefail", "-c", script },
            WorkingDirectory = Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Nothing of the test runner's own Lakeplane or terraform settings; the mirror, the port.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LAKEPLANE_", StringComparison.Ordinal) || k.StartsWith("TF_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["TF_CLI_CONFIG_FILE"] = CliConfigFile;
        start.Environment["CHECKPOINT_DISABLE"] = "1";
        start.Environment["LAKEPLANE_DEMO_LISTEN"] = Listen;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{script}` did not finish in {CommandTimeout}: {await stdout}{await stderr}");
        }
        return new ShellResult(script, process.ExitCode, await stdout, await stderr);
    }

    public async Task DisposeAsync()
    {
        await RunAsync("bash examples/demo.sh stop");
        NodeProcesses.KillUnder(DataDirectory);
        foreach (var directory in new[] { Root, MirrorDirectory })
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp directory; not worth failing the run over.
            }
        }
        File.Delete(CliConfigFile);
    }

    private static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>What a user has after a clone: no terraform state, working directories or lock files of earlier runs.</summary>
    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith("terraform.tfstate", StringComparison.Ordinal) || name == ".terraform.lock.hcl")
            {
                continue;
            }
            File.Copy(file, Path.Combine(destination, name));
        }
        foreach (var directory in Directory.GetDirectories(source))
        {
            if (Path.GetFileName(directory) is ".terraform" or "node_modules")
            {
                continue;
            }
            CopyDirectory(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }
    }
}

/// <summary>What one shell command did: its exit code and everything it printed.</summary>
public sealed record ShellResult(string Script, int ExitCode, string Stdout, string Stderr)
{
    public static readonly ShellResult None = new("", -1, "", "");

    public string Output => Stdout + Stderr;

    public override string ToString() => $"`{Script}` exited {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    public ShellResult Expect(int expected)
    {
        Assert.True(ExitCode == expected, $"expected exit code {expected}: {this}");
        return this;
    }

    public ShellResult ExpectOutput(string fragment)
    {
        Assert.True(Output.Contains(fragment, StringComparison.Ordinal), $"expected the output to contain \"{fragment}\": {this}");
        return this;
    }

    public ShellResult ExpectNoOutput(string fragment)
    {
        Assert.False(Output.Contains(fragment, StringComparison.Ordinal), $"expected the output not to contain \"{fragment}\": {this}");
        return this;
    }
}
