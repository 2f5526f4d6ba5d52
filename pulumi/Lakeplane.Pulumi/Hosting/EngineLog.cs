using Grpc.Net.Client;
using Lakeplane.Protos.Pulumirpc;

namespace Lakeplane.Pulumi.Hosting;

/// <summary>
/// Where the provider's messages go: the engine's Engine.Log (the user sees them next to the
/// resource), or stderr when there is no engine address or the engine cannot be reached.
/// Never stdout: the engine reads the port from it and nothing else may appear there.
/// </summary>
public sealed class EngineLog : IDisposable
{
    private readonly GrpcChannel? _channel;
    private readonly Engine.EngineClient? _engine;

    public EngineLog(string? engineAddress)
    {
        if (!string.IsNullOrEmpty(engineAddress))
        {
            var address = engineAddress.Contains("://", StringComparison.Ordinal) ? engineAddress : "http://" + engineAddress;
            _channel = GrpcChannel.ForAddress(address);
            _engine = new Engine.EngineClient(_channel);
        }
    }

    public void Debug(string message, string urn = "") => Send(LogSeverity.Debug, message, urn);

    public void Info(string message, string urn = "") => Send(LogSeverity.Info, message, urn);

    public void Warning(string message, string urn = "") => Send(LogSeverity.Warning, message, urn);

    public void Error(string message, string urn = "") => Send(LogSeverity.Error, message, urn);

    public void Send(LogSeverity severity, string message, string urn)
    {
        if (_engine is not null)
        {
            try
            {
                _engine.Log(new LogRequest { Severity = severity, Message = message, Urn = urn }, deadline: DateTime.UtcNow.AddSeconds(5));
                return;
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException or InvalidOperationException)
            {
                // The engine went away or never listened: the message still belongs somewhere.
            }
        }
        Console.Error.WriteLine($"[{severity.ToString().ToLowerInvariant()}] {message}");
    }

    public void Dispose() => _channel?.Dispose();
}
