using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Account;

/// <summary>Network configurations: the customer-managed VPC, subnets and security groups a workspace runs in.</summary>
public sealed class NetworkService(IStore store, MutationRunner mutations, TimeProvider time)
{
    private const string Kind = ObjectKinds.Network;

    public const string Unattached = "UNATTACHED";
    public const string Valid = "VALID";

    public Task<Network> CreateAsync(AuthenticatedPrincipal principal, CreateNetworkRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        AccountValidation.NetworkName(request.NetworkName);
        AccountValidation.VpcId(request.VpcId);
        AccountValidation.SubnetIds(request.SubnetIds);
        AccountValidation.SecurityGroupIds(request.SecurityGroupIds);
        return mutations.RunAsync(new Mutation(principal, accountId, "network.create", request.RequestId, request), async transaction =>
        {
            if (await transaction.FindByNameAsync(Kind, accountId, ObjectKinds.AccountScope, request.NetworkName, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("network_name",
                    $"A network named '{request.NetworkName}' already exists in this account: choose another network_name, or import the existing one.");
            }
            var network = new Network
            {
                NetworkId = Guid.NewGuid().ToString(),
                NetworkName = request.NetworkName,
                AccountId = accountId,
                VpcId = request.VpcId,
                SubnetIds = { request.SubnetIds },
                SecurityGroupIds = { request.SecurityGroupIds },
                VpcStatus = Unattached,
                CreationTime = time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            var row = await transaction.InsertAsync(Kind, network.NetworkId, accountId, ObjectKinds.AccountScope, network.NetworkName, ProtoBodies.Serialize(network), cancellationToken);
            network.Version = row.Version;
            return new MutationOutcome<Network>(network, Kind, network.NetworkId, "network_name=" + network.NetworkName);
        }, cancellationToken);
    }

    public Task<Network> GetAsync(AuthenticatedPrincipal principal, GetNetworkRequest request, CancellationToken cancellationToken) =>
        AccountObjects.GetAsync<Network>(store, Kind, Authorization.RequireAccountAdmin(principal, request.AccountId), request.NetworkId, "network_id", cancellationToken);

    public Task<IReadOnlyList<Network>> ListAsync(AuthenticatedPrincipal principal, ListNetworksRequest request, CancellationToken cancellationToken) =>
        AccountObjects.ListAsync<Network>(store, Kind, Authorization.RequireAccountAdmin(principal, request.AccountId), cancellationToken);

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal principal, DeleteNetworkRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireAccountAdmin(principal, request.AccountId);
        AccountValidation.RequiredId("network_id", request.NetworkId);
        return mutations.RunAsync(new Mutation(principal, accountId, "network.delete", request.RequestId, request), transaction =>
            AccountObjects.DeleteUnusedAsync(transaction, Kind, accountId, request.NetworkId, "network_id", request.ExpectedVersion,
                "Network", "network_name", (workspace, id) => workspace.NetworkId == id, cancellationToken), cancellationToken);
    }

    /// <summary>Marks a network as used by a workspace (VALID) or free (UNATTACHED), inside the workspace's transaction.
    /// A network serves one workspace at a time.</summary>
    internal static async Task AttachAsync(IStoreTransaction transaction, StoredObject row, Workspace workspace, CancellationToken cancellationToken)
    {
        var network = AccountObjects.Materialise<Network>(row);
        if (network.WorkspaceId != 0 && network.WorkspaceId != workspace.WorkspaceId)
        {
            throw LakeplaneException.Conflict(
                $"network_id '{network.NetworkId}' ({network.NetworkName}) is already used by workspace_id {network.WorkspaceId}: give each workspace its own network configuration.",
                "network_id");
        }
        network.WorkspaceId = workspace.WorkspaceId;
        network.VpcStatus = Valid;
        await SaveAsync(transaction, row, network, cancellationToken);
    }

    internal static async Task DetachAsync(IStoreTransaction transaction, string accountId, string networkId, CancellationToken cancellationToken)
    {
        var row = await transaction.GetAsync(Kind, networkId, cancellationToken);
        if (row is null || row.AccountId != accountId)
        {
            return;
        }
        var network = AccountObjects.Materialise<Network>(row);
        network.WorkspaceId = 0;
        network.VpcStatus = Unattached;
        await SaveAsync(transaction, row, network, cancellationToken);
    }

    private static Task SaveAsync(IStoreTransaction transaction, StoredObject row, Network network, CancellationToken cancellationToken)
    {
        network.Version = 0;
        return transaction.UpdateAsync(Kind, row.Id, row.Version, row.Name, ProtoBodies.Serialize(network), cancellationToken);
    }
}
