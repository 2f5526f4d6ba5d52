using Grpc.Core;
using Lakeplane.Protos.GoPlugin;
using Microsoft.Extensions.Hosting;

namespace Lakeplane.Terraform.GoPlugin;

/// <summary>
/// go-plugin's broker stream, which the host opens on every launch. This provider never asks
/// for extra connections, and terraform never offers one to a provider, so the stream is only
/// drained until either side ends it.
/// </summary>
public sealed class BrokerService(IHostApplicationLifetime lifetime) : GRPCBroker.GRPCBrokerBase
{
    public override async Task StartStream(IAsyncStreamReader<ConnInfo> requestStream, IServerStreamWriter<ConnInfo> responseStream, ServerCallContext context)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            while (await requestStream.MoveNext(ending.Token))
            {
                // Nothing is brokered: an offered connection is not used.
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // The host closed the connection under the stream: nothing to clean up.
        }
    }
}
