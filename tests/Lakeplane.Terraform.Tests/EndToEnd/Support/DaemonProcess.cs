using System.Diagnostics;
using System.Text;
using Lakeplane.Protos.Client;

namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// A real lakeplaned on a fresh data directory and a free loopback port, as a user starts it.
/// Ready when it prints its listening line; host, account and admin token come from the env
/// file it writes, exactly what a user sources. Also a gRPC connection for out-of-band changes.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "lakeplaned listening on ";

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _dataDirectory;

    private DaemonProcess(Process process, StringBuilder output, string dataDirectory, IReadOnlyDictionary<string, string> environment)
    {
        _process = process;
        _output = output;
        _dataDirectory = dataDirectory;
        Environment = environment;
        Client = new LakeplaneConnection(environment["LAKEPLANE_HOST"], environment["LAKEPLANE_TOKEN"], environment["LAKEPLANE_ACCOUNT_ID"]);
    }

    /// <summary>LAKEPLANE_HOST, LAKEPLANE_ACCOUNT_ID and LAKEPLANE_TOKEN from &lt;data-dir&gt;/env.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    public LakeplaneConnection Client { get; }

    /// <summary>The daemon's --data-dir (local cluster nodes keep their directories under it).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>Everything the daemon printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<DaemonProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("lakeplane-e2e-daemon-").FullName;
        var start = new ProcessStartInfo(LakeplaneBinaries.Daemon)
        {
            ArgumentList = { "serve", "--listen", "127.0.0.1:0", "--data-dir", dataDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("lakeplaned did not start");
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                listening.TrySetException(new InvalidOperationException("lakeplaned closed its output before listening"));
                return;
            }
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            if (e.Data.StartsWith(ListeningPrefix, StringComparison.Ordinal))
            {
                listening.TrySetResult(e.Data[ListeningPrefix.Length..].Trim());
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            var environment = await ReadEnvFileAsync(Path.Combine(dataDirectory, "env"));
            return new DaemonProcess(process, output, dataDirectory, environment);
        }
        catch (Exception e)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            string printed;
            lock (output)
            {
                printed = output.ToString();
            }
            throw new InvalidOperationException($"lakeplaned did not become ready ({e.Message}). Its output:\n{printed}", e);
        }
    }

    /// <summary>The env file is written before the listening line, but give a slow disk a moment.</summary>
    private static async Task<IReadOnlyDictionary<string, string>> ReadEnvFileAsync(string path)
    {
        string[] required = ["LAKEPLANE_HOST", "LAKEPLANE_ACCOUNT_ID", "LAKEPLANE_TOKEN"];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (File.Exists(path))
            {
                foreach (var line in await File.ReadAllLinesAsync(path))
                {
                    var text = line.Trim();
                    if (text.StartsWith("export ", StringComparison.Ordinal) && text.IndexOf('=') is var equals and > 7)
                    {
                        values[text[7..equals].Trim()] = text[(equals + 1)..].Trim().Trim('"', '\'');
                    }
                }
            }
            if (required.All(values.ContainsKey))
            {
                return values;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{path} lacks {string.Join(", ", required.Where(r => !values.ContainsKey(r)))}");
            }
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
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
            // A file still held open is not worth failing the run over; it is in the temp directory.
        }
    }
}
