using Empty = Google.Protobuf.WellKnownTypes.Empty;
using Grpc.Core;
using Lakeplane.Protos.GoPlugin;
using Microsoft.Extensions.Hosting;

namespace Lakeplane.Terraform.GoPlugin;

/// <summary>
/// go-plugin's stdio stream: terraform opens it once, early, and mirrors what arrives. It stays
/// open until terraform hangs up or this process stops.
/// </summary>
public sealed class StdioService(StdioForwarder forwarder, IHostApplicationLifetime lifetime) : GRPCStdio.GRPCStdioBase
{
    public override async Task StreamStdio(Empty request, IServerStreamWriter<StdioData> responseStream, ServerCallContext context)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var chunk in forwarder.Chunks.ReadAllAsync(ending.Token))
            {
                await responseStream.WriteAsync(chunk, ending.Token);
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // terraform hung up or we are shutting down: the stream simply ends.
        }
    }
}
