using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;
using Lakeplane.Protos.Pulumirpc;

namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>
/// The plugin launched as the Pulumi engine launches it (flags first, the engine's address
/// last), its port read from the first stdout line, and a cleartext HTTP/2 channel to it.
/// Every later stdout line is kept, so tests can check that the port was the only one.
/// </summary>
public sealed class PluginProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _laterStdout = [];

    private PluginProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        Provider = new ResourceProvider.ResourceProviderClient(Channel);
    }

    public int Port { get; }

    public GrpcChannel Channel { get; }

    public ResourceProvider.ResourceProviderClient Provider { get; }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public IReadOnlyList<string> StdoutAfterPort
    {
        get { lock (_laterStdout) return _laterStdout.ToArray(); }
    }

    /// <param name="engineAddress">The engine's address (last argument); null starts without one.</param>
    /// <param name="environment">LAKEPLANE_* variables for the plugin; the test runner's own are removed.</param>
    public static async Task<PluginProcess> StartAsync(string? engineAddress, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(PluginBinary.Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var flag in new[] { "--logtostderr", "-v=9", "--tracing", "127.0.0.1:1" })
        {
            start.ArgumentList.Add(flag);
        }
        if (engineAddress is not null)
        {
            start.ArgumentList.Add(engineAddress);
        }
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LAKEPLANE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start)!;
        try
        {
            return await AttachAsync(process);
        }
        catch
        {
            // A plugin that did not come up properly must not outlive the test run.
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    private static async Task<PluginProcess> AttachAsync(Process process)
    {
        // The engine waits 10 s; tests allow more because `make test` runs every test project at once.
        var portLine = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (portLine is null || !int.TryParse(portLine, out var port))
        {
            throw new InvalidOperationException($"the plugin's first stdout line is not a port: \"{portLine}\"");
        }
        var plugin = new PluginProcess(process, port);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (plugin._stderr) plugin._stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        // The port line was read with the stream reader: the rest must be read the same way.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (plugin._laterStdout) plugin._laterStdout.Add(line);
            }
        });
        return plugin;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
