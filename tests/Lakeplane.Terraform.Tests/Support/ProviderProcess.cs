using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Net.Client;
using Lakeplane.Protos.GoPlugin;
using Lakeplane.Protos.Tfplugin6;

namespace Lakeplane.Terraform.Tests.Support;

/// <summary>
/// The provider process launched as terraform launches it — magic cookie, protocol versions,
/// a fresh P-521 client certificate in PLUGIN_CLIENT_CERT — with the handshake line parsed and
/// a gRPC channel over mutual TLS that trusts exactly the server certificate from that line.
/// </summary>
public sealed class ProviderProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr;
    private readonly X509Certificate2 _clientCertificate;

    private ProviderProcess(Process process, StringBuilder stderr, X509Certificate2 clientCertificate, string handshake, TimeSpan startToHandshake)
    {
        _process = process;
        _stderr = stderr;
        _clientCertificate = clientCertificate;
        HandshakeLine = handshake;
        StartToHandshake = startToHandshake;
        var parts = handshake.Split('|');
        Assert.True(parts.Length == 6, $"handshake line has {parts.Length} fields: {handshake}");
        Address = parts[3];
        ServerCertificateDer = Convert.FromBase64String(Pad(parts[5]));
        Channel = CreateChannel(clientCertificate);
        Provider = new Provider.ProviderClient(Channel);
        Controller = new GRPCController.GRPCControllerClient(Channel);
        Stdio = new GRPCStdio.GRPCStdioClient(Channel);
    }

    public string HandshakeLine { get; }

    public TimeSpan StartToHandshake { get; }

    /// <summary>127.0.0.1:PORT from the handshake line.</summary>
    public string Address { get; }

    public byte[] ServerCertificateDer { get; }

    public GrpcChannel Channel { get; }

    public Provider.ProviderClient Provider { get; }

    public GRPCController.GRPCControllerClient Controller { get; }

    public GRPCStdio.GRPCStdioClient Stdio { get; }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<ProviderProcess> StartAsync(IDictionary<string, string>? extraEnvironment = null)
    {
        var clientCertificate = TerraformClientCertificate.Create();
        var start = new ProcessStartInfo(ProviderBinary.Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["TF_PLUGIN_MAGIC_COOKIE"] = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
        start.Environment["PLUGIN_PROTOCOL_VERSIONS"] = "5,6";
        start.Environment["PLUGIN_MIN_PORT"] = "10000";
        start.Environment["PLUGIN_MAX_PORT"] = "25000";
        start.Environment["PLUGIN_CLIENT_CERT"] = clientCertificate.ExportCertificatePem();
        start.Environment["TF_LOG_PROVIDER"] = "DEBUG";
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var elapsed = stopwatch.Elapsed;
        if (line is null)
        {
            await process.WaitForExitAsync();
            throw new InvalidOperationException($"the provider exited ({process.ExitCode}) without a handshake line: {stderr}");
        }
        return new ProviderProcess(process, stderr, clientCertificate, line, elapsed);
    }

    /// <summary>A channel to this process presenting some client certificate (terraform's, or an impostor's).</summary>
    public GrpcChannel CreateChannel(X509Certificate2 clientCertificate)
    {
        var expectedServer = ServerCertificateDer;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [clientCertificate],
                // Trust exactly the certificate from the handshake line, as go-plugin does.
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expectedServer),
            },
        };
        return GrpcChannel.ForAddress("https://" + Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
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
        _clientCertificate.Dispose();
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
}
