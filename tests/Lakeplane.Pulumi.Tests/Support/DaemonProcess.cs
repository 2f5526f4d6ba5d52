using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>
/// A real lakeplaned (LAKEPLANE_BIN/lakeplaned, what `make build` publishes) on a free port with
/// a fresh data directory; its address, account and admin token read from the env file it writes.
/// </summary>
public sealed partial class DaemonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly StringBuilder _output;

    private DaemonProcess(Process process, string dataDirectory, StringBuilder output, IReadOnlyDictionary<string, string> environment)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        _output = output;
        Environment = environment;
    }

    /// <summary>LAKEPLANE_HOST, LAKEPLANE_ACCOUNT_ID and LAKEPLANE_TOKEN for this daemon.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public string Host => Environment["LAKEPLANE_HOST"];

    public string AccountId => Environment["LAKEPLANE_ACCOUNT_ID"];

    public string Token => Environment["LAKEPLANE_TOKEN"];

    public static async Task<DaemonProcess> StartAsync()
    {
        var binary = Path.Combine(RepositoryPaths.Bin, "lakeplaned");
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException($"lakeplaned is not in {RepositoryPaths.Bin}: run `make build` (or set LAKEPLANE_BIN).", binary);
        }
        var dataDirectory = Directory.CreateTempSubdirectory("lakeplane-pulumi-tests-").FullName;
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDirectory })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (output) output.AppendLine(line);
            if (line.StartsWith("lakeplaned listening on ", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var envFile = Path.Combine(dataDirectory, "env");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!File.Exists(envFile) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            var environment = ExportLine().Matches(await File.ReadAllTextAsync(envFile))
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('"', '\''));
            return new DaemonProcess(process, dataDirectory, output, environment);
        }
        catch (Exception e)
        {
            // A daemon that did not come up properly must not outlive the test run.
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException($"lakeplaned did not start: {output}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by the exiting daemon: the temp folder is cleaned by the system.
        }
    }

    [GeneratedRegex(@"^export (LAKEPLANE_[A-Z_]+)=(.*)$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
