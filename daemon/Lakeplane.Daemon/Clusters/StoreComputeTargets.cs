using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Compute;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>Compute targets from the workspaces in the store, with their credentials and network objects.</summary>
public sealed class StoreComputeTargets(IStore store) : IComputeTargets
{
    public Task<IReadOnlyList<ComputeTarget>> ListAsync(CancellationToken cancellationToken) =>
        store.ReadAsync<IReadOnlyList<ComputeTarget>>(async reader =>
        {
            // Only workspaces with clusters that want nodes, or with node records (written before every launch, deleted
            // after the node is terminated), can have nodes: the others would cost a DescribeInstances in the
            // customer's account every round for nothing.
            var withCompute = new HashSet<long>();
            foreach (var row in await reader.ListAllAsync(ObjectKinds.Cluster, cancellationToken: cancellationToken))
            {
                var cluster = AccountObjects.Materialise<Cluster>(row);
                if (ClusterStates.WantsNodes(cluster.State))
                {
                    withCompute.Add(cluster.WorkspaceId);
                }
            }
            foreach (var node in await reader.ListAllAsync(ObjectKinds.ClusterNode, cancellationToken: cancellationToken))
            {
                withCompute.Add(NodeRecord.Read(node.Body).WorkspaceId);
            }
            var targets = new List<ComputeTarget>();
            foreach (var row in await reader.ListAllAsync(ObjectKinds.Workspace, cancellationToken: cancellationToken))
            {
                if (long.TryParse(row.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId) && withCompute.Contains(workspaceId))
                {
                    targets.Add(await ReadAsync(reader, row, cancellationToken));
                }
            }
            return targets;
        }, cancellationToken);

    public Task<ComputeTarget?> FindAsync(long workspaceId, CancellationToken cancellationToken) =>
        store.ReadAsync(async reader =>
            await reader.GetAsync(ObjectKinds.Workspace, workspaceId.ToString(CultureInfo.InvariantCulture), cancellationToken) is { } row
                ? await ReadAsync(reader, row, cancellationToken)
                : null, cancellationToken);

    private static async Task<ComputeTarget> ReadAsync(IStoreReader reader, StoredObject row, CancellationToken cancellationToken)
    {
        var workspace = AccountObjects.Materialise<Workspace>(row);
        // Neither can be deleted while a workspace uses it, but read defensively: a missing one leaves its fields empty
        // and the driver that needs them says so.
        var credentials = workspace.CredentialsId.Length > 0 && await reader.GetAsync(ObjectKinds.Credentials, workspace.CredentialsId, cancellationToken) is { } credentialsRow
            ? AccountObjects.Materialise<Credentials>(credentialsRow)
            : new Credentials();
        var network = workspace.NetworkId.Length > 0 && await reader.GetAsync(ObjectKinds.Network, workspace.NetworkId, cancellationToken) is { } networkRow
            ? AccountObjects.Materialise<Network>(networkRow)
            : new Network();
        return new ComputeTarget(workspace.WorkspaceId, workspace.AccountId, workspace.AwsRegion, credentials.RoleArn, credentials.ExternalId,
            network.SubnetIds.ToList(), network.SecurityGroupIds.ToList());
    }
}
