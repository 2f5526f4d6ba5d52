using Grpc.Net.Client;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Catalog;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// Construct: connects to the engine's ResourceMonitor at the request's monitorEndpoint and lets
/// the component register itself and its children there, as a Pulumi SDK program would.
/// </summary>
public sealed class ComponentConstruction(PulumiCatalog catalog, ProviderSession session)
{
    public async Task<ConstructResponse> ConstructAsync(ConstructRequest request, CancellationToken callCancelled)
    {
        var component = catalog.RequireComponent(request.Type);
        var endpoint = request.MonitorEndpoint.Contains("://", StringComparison.Ordinal) ? request.MonitorEndpoint : "http://" + request.MonitorEndpoint;
        using var channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        var monitor = new ResourceMonitor.ResourceMonitorClient(channel);
        using var cancel = session.LinkToCancel(callCancelled);
        var context = new ConstructContext(monitor, session.AccountId, message => session.Log.Info(message));
        return await component.ConstructAsync(request, context, cancel.Token);
    }
}
