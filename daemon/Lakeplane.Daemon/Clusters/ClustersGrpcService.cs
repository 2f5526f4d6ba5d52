using Grpc.Core;
using Lakeplane.Daemon.Auth;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>The gRPC mapping of the clusters API: authentication and translation only; the service decides.</summary>
public sealed class ClustersGrpcService(Authenticator authenticator, ClusterService clusters) : ClustersService.ClustersServiceBase
{
    public override async Task<Cluster> CreateCluster(CreateClusterRequest request, ServerCallContext context) =>
        await clusters.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Cluster> EditCluster(EditClusterRequest request, ServerCallContext context) =>
        await clusters.EditAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Cluster> GetCluster(GetClusterRequest request, ServerCallContext context) =>
        await clusters.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListClustersResponse> ListClusters(ListClustersRequest request, ServerCallContext context) =>
        new() { Clusters = { await clusters.ListAsync(await CallerAsync(context), request, context.CancellationToken) } };

    public override async Task<Cluster> StartCluster(StartClusterRequest request, ServerCallContext context) =>
        await clusters.StartAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Cluster> RestartCluster(RestartClusterRequest request, ServerCallContext context) =>
        await clusters.RestartAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Cluster> ResizeCluster(ResizeClusterRequest request, ServerCallContext context) =>
        await clusters.ResizeAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Cluster> DeleteCluster(DeleteClusterRequest request, ServerCallContext context) =>
        await clusters.TerminateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<PermanentDeleteClusterResponse> PermanentDeleteCluster(PermanentDeleteClusterRequest request, ServerCallContext context) =>
        await clusters.PermanentDeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListClusterEventsResponse> ListClusterEvents(ListClusterEventsRequest request, ServerCallContext context) =>
        await clusters.EventsAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListNodeTypesResponse> ListNodeTypes(ListNodeTypesRequest request, ServerCallContext context) =>
        clusters.NodeTypes(await CallerAsync(context), request);

    public override async Task<ListSparkVersionsResponse> ListSparkVersions(ListSparkVersionsRequest request, ServerCallContext context) =>
        clusters.SparkVersions(await CallerAsync(context), request);

    private Task<AuthenticatedPrincipal> CallerAsync(ServerCallContext context) =>
        authenticator.AuthenticateAsync(context.GetHttpContext(), context.CancellationToken);
}
