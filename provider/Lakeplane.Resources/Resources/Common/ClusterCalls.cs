using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// The clusters API calls the cluster resource and data sources share, with the retry and
/// not-found rules of <see cref="DaemonCalls"/>. Every cluster call names its workspace.
/// </summary>
public static class ClusterCalls
{
    /// <summary>The cluster, or null when the workspace has no cluster of that id.</summary>
    public static Task<Cluster?> GetAsync(ResourceContext context, long workspaceId, string clusterId, CancellationToken cancellationToken)
    {
        var request = new GetClusterRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId, ClusterId = clusterId };
        return DaemonCalls.GetOrNullAsync(options => context.Client.Clusters.GetClusterAsync(request, options).ResponseAsync, cancellationToken);
    }

    public static async Task<IReadOnlyList<Cluster>> ListAsync(ResourceContext context, long workspaceId, CancellationToken cancellationToken)
    {
        var request = new ListClustersRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId };
        var response = await DaemonCalls.WithRetriesAsync(options => context.Client.Clusters.ListClustersAsync(request, options).ResponseAsync, cancellationToken);
        return response.Clusters;
    }

    /// <summary>Starts a TERMINATED cluster; it is PENDING when this returns.</summary>
    public static Task<Cluster> StartAsync(ResourceContext context, ObjectSchema schema, Cluster cluster, CancellationToken cancellationToken)
    {
        var request = new StartClusterRequest
        {
            AccountId = context.Client.AccountId, WorkspaceId = cluster.WorkspaceId, ClusterId = cluster.ClusterId, RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(schema, "start cluster", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Clusters.StartClusterAsync(request, options).ResponseAsync, cancellationToken));
    }

    /// <summary>Terminates (the clusters API's delete); null when the cluster is already gone.</summary>
    public static Task<Cluster?> TerminateAsync(ResourceContext context, ObjectSchema schema, long workspaceId, string clusterId, CancellationToken cancellationToken)
    {
        var request = new DeleteClusterRequest
        {
            AccountId = context.Client.AccountId, WorkspaceId = workspaceId, ClusterId = clusterId, RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(schema, "terminate cluster", () =>
            DaemonCalls.GetOrNullAsync(options => context.Client.Clusters.DeleteClusterAsync(request, options).ResponseAsync, cancellationToken));
    }

    /// <summary>Removes the cluster for good; a cluster already gone counts as removed.</summary>
    public static Task PermanentDeleteAsync(ResourceContext context, ObjectSchema schema, long workspaceId, string clusterId, CancellationToken cancellationToken)
    {
        var request = new PermanentDeleteClusterRequest
        {
            AccountId = context.Client.AccountId, WorkspaceId = workspaceId, ClusterId = clusterId, RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(schema, "delete cluster", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Clusters.PermanentDeleteClusterAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }
}
