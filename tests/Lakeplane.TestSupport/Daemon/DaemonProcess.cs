using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Lakeplane.Daemon.Tests.Support;

/// <summary>
/// One lakeplaned process on 127.0.0.1:0 with a given data directory. Ready when it prints its
/// listening line; its stdout and stderr are kept for assertions and for failure messages.
/// </summary>
public sealed partial class DaemonProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DaemonProcess(Process process)
    {
        _process = process;
    }

    public string BaseUrl { get; private set; } = "";

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stdout { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    public static async Task<DaemonProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArguments)
    {
        var (fileName, prefix) = DaemonBinary.Locate();
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in prefix.Concat(["serve", "--listen", "127.0.0.1:0", "--data-dir", dataDirectory]).Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }
        // Short provisioning keeps the suite fast while still showing PROVISIONING first.
        start.Environment["LAKEPLANE_PROVISION_DELAY_MS"] = "300";
        foreach (var name in new[] { "LAKEPLANE_LISTEN", "LAKEPLANE_DATA_DIR", "LAKEPLANE_STORE", "LAKEPLANE_POSTGRES" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var daemon = new DaemonProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        daemon._process.OutputDataReceived += (_, e) => daemon.OnStdout(e.Data);
        daemon._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (daemon._stderr) { daemon._stderr.AppendLine(e.Data); }
            }
        };
        daemon._process.Exited += (_, _) => daemon._ready.TrySetException(new InvalidOperationException("lakeplaned exited before it was ready."));
        daemon._process.Start();
        daemon._process.BeginOutputReadLine();
        daemon._process.BeginErrorReadLine();
        try
        {
            daemon.BaseUrl = await daemon._ready.Task.WaitAsync(StartTimeout);
        }
        catch (Exception exception)
        {
            await daemon.DisposeAsync();
            throw new InvalidOperationException($"lakeplaned did not start: {exception.Message}\nstdout:\n{daemon.Stdout}\nstderr:\n{daemon.Stderr}", exception);
        }
        return daemon;
    }

    /// <summary>SIGTERM, as a service manager stops it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            Signal(_process.Id, 15);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            Signal(_process.Id, 9);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
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
    }

    private void OnStdout(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stdout) { _stdout.AppendLine(line); }
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _ready.TrySetResult(match.Groups[1].Value);
        }
    }

    private static void Signal(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    [GeneratedRegex(@"^lakeplaned listening on (http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ListeningLine();
}
