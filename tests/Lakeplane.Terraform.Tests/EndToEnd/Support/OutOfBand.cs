using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Terraform.Tests.EndToEnd.Support;

/// <summary>
/// Changes made behind terraform's back, through the daemon's gRPC API as another tool or a
/// person at the console would: objects to import, edits and deletions to detect as drift.
/// </summary>
public sealed class OutOfBand(LakeplaneConnection client)
{
    public const string RoleArnPrefix = "arn:aws:iam::123456789012:role/";

    private string Account => client.AccountId;

    /// <summary>A short name prefix of its own for one test, so tests never collide on names.</summary>
    public static string UniquePrefix(string test) => $"{test}-{Guid.NewGuid().ToString("N")[..8]}";

    public Task<Credentials> CreateCredentialsAsync(string name) =>
        client.Account.CreateCredentialsAsync(new CreateCredentialsRequest
        {
            AccountId = Account, CredentialsName = name, RoleArn = RoleArnPrefix + name, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    public Task<StorageConfiguration> CreateStorageAsync(string name, string bucket) =>
        client.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
        {
            AccountId = Account, StorageConfigurationName = name, BucketName = bucket, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    public Task<Network> CreateNetworkAsync(string name, IEnumerable<string> subnets, IEnumerable<string> securityGroups) =>
        client.Account.CreateNetworkAsync(new CreateNetworkRequest
        {
            AccountId = Account, NetworkName = name, VpcId = "vpc-0a1b2c3d4e5f60718",
            SubnetIds = { subnets }, SecurityGroupIds = { securityGroups }, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    /// <summary>Creates a workspace and waits until it is RUNNING, as a user of the API would.</summary>
    public async Task<Workspace> CreateRunningWorkspaceAsync(
        string name, string credentialsId, string storageId, string networkId, IDictionary<string, string> tags, string region = "us-east-1")
    {
        var workspace = await client.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = Account, WorkspaceName = name, AwsRegion = region, CredentialsId = credentialsId,
            StorageConfigurationId = storageId, NetworkId = networkId, CustomTags = { tags }, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (workspace.WorkspaceStatus != "RUNNING")
        {
            Assert.True(workspace.WorkspaceStatus != "FAILED", $"workspace {name} FAILED: {workspace.WorkspaceStatusMessage}");
            Assert.True(DateTime.UtcNow < deadline, $"workspace {name} still {workspace.WorkspaceStatus} after 60 s");
            await Task.Delay(200);
            workspace = await GetWorkspaceAsync(workspace.WorkspaceId) ?? throw new InvalidOperationException($"workspace {name} vanished");
        }
        return workspace;
    }

    public Task<CreateTokenResponse> CreateTokenAsync(long workspaceId, string comment, long lifetimeSeconds) =>
        client.Identity.CreateTokenAsync(new CreateTokenRequest
        {
            AccountId = Account, WorkspaceId = workspaceId, Comment = comment, LifetimeSeconds = lifetimeSeconds, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    public Task<Workspace> SetWorkspaceTagsAsync(long workspaceId, IDictionary<string, string> tags) =>
        client.Account.UpdateWorkspaceAsync(new UpdateWorkspaceRequest
        {
            AccountId = Account, WorkspaceId = workspaceId, UpdateCustomTags = true, CustomTags = { tags }, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    public Task DeleteNetworkAsync(string networkId) =>
        client.Account.DeleteNetworkAsync(new DeleteNetworkRequest { AccountId = Account, NetworkId = networkId, RequestId = Guid.NewGuid().ToString() }).ResponseAsync;

    public async Task<Workspace?> GetWorkspaceAsync(long workspaceId)
    {
        try
        {
            return await client.Account.GetWorkspaceAsync(new GetWorkspaceRequest { AccountId = Account, WorkspaceId = workspaceId });
        }
        catch (RpcException e) when (LakeplaneError.Decode(e).ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return null;
        }
    }

    public async Task<Cluster?> GetClusterAsync(long workspaceId, string clusterId)
    {
        try
        {
            return await client.Clusters.GetClusterAsync(new GetClusterRequest { AccountId = Account, WorkspaceId = workspaceId, ClusterId = clusterId });
        }
        catch (RpcException e) when (LakeplaneError.Decode(e).ErrorCode == "RESOURCE_DOES_NOT_EXIST")
        {
            return null;
        }
    }

    /// <summary>Terminates a cluster as someone at the console would (the clusters API's delete).</summary>
    public Task<Cluster> TerminateClusterAsync(long workspaceId, string clusterId) =>
        client.Clusters.DeleteClusterAsync(new DeleteClusterRequest
        {
            AccountId = Account, WorkspaceId = workspaceId, ClusterId = clusterId, RequestId = Guid.NewGuid().ToString(),
        }).ResponseAsync;

    public async Task<IReadOnlyList<string>> NamesInAccountAsync()
    {
        var names = new List<string>();
        names.AddRange((await client.Account.ListCredentialsAsync(new ListCredentialsRequest { AccountId = Account })).Credentials.Select(c => c.CredentialsName));
        names.AddRange((await client.Account.ListStorageConfigurationsAsync(new ListStorageConfigurationsRequest { AccountId = Account })).StorageConfigurations.Select(s => s.StorageConfigurationName));
        names.AddRange((await client.Account.ListNetworksAsync(new ListNetworksRequest { AccountId = Account })).Networks.Select(n => n.NetworkName));
        names.AddRange((await client.Account.ListWorkspacesAsync(new ListWorkspacesRequest { AccountId = Account })).Workspaces.Select(w => w.WorkspaceName));
        return names;
    }
}
