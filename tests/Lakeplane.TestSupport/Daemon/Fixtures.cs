using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Support;

/// <summary>Valid account objects, made through the typed client, for tests about something else.</summary>
public static class Fixtures
{
    public const string RoleArn = "arn:aws:iam::123456789012:role/lakeplane-cross-account";
    public const string VpcId = "vpc-0a1b2c3d4e5f67890";
    public static readonly string[] SubnetIds = ["subnet-0a1b2c3d", "subnet-0a1b2c3e"];
    public static readonly string[] SecurityGroupIds = ["sg-0a1b2c3d"];

    public static Task<Credentials> CredentialsAsync(LakeplaneConnection lakeplane) =>
        lakeplane.Account.CreateCredentialsAsync(new CreateCredentialsRequest
        {
            AccountId = lakeplane.AccountId, CredentialsName = Unique.Name("creds"), RoleArn = RoleArn,
        }).ResponseAsync;

    public static Task<StorageConfiguration> StorageAsync(LakeplaneConnection lakeplane) =>
        lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
        {
            AccountId = lakeplane.AccountId, StorageConfigurationName = Unique.Name("storage"), BucketName = Unique.Name("root-bucket"),
        }).ResponseAsync;

    public static CreateNetworkRequest NetworkRequest(LakeplaneConnection lakeplane) => new()
    {
        AccountId = lakeplane.AccountId,
        NetworkName = Unique.Name("network"),
        VpcId = VpcId,
        SubnetIds = { SubnetIds },
        SecurityGroupIds = { SecurityGroupIds },
    };

    public static Task<Network> NetworkAsync(LakeplaneConnection lakeplane) =>
        lakeplane.Account.CreateNetworkAsync(NetworkRequest(lakeplane)).ResponseAsync;

    /// <summary>A workspace on fresh credentials and storage (and a network when asked).</summary>
    public static async Task<Workspace> WorkspaceAsync(LakeplaneConnection lakeplane, bool withNetwork = false, string deploymentName = "")
    {
        var credentials = await CredentialsAsync(lakeplane);
        var storage = await StorageAsync(lakeplane);
        var network = withNetwork ? await NetworkAsync(lakeplane) : null;
        return await lakeplane.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = lakeplane.AccountId,
            WorkspaceName = Unique.Name("ws"),
            AwsRegion = "us-east-1",
            CredentialsId = credentials.CredentialsId,
            StorageConfigurationId = storage.StorageConfigurationId,
            NetworkId = network?.NetworkId ?? "",
            DeploymentName = deploymentName,
        });
    }

    /// <summary>Polls until the workspace leaves PROVISIONING.</summary>
    public static async Task<Workspace> SettledAsync(LakeplaneConnection lakeplane, long workspaceId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var workspace = await lakeplane.Account.GetWorkspaceAsync(new GetWorkspaceRequest { AccountId = lakeplane.AccountId, WorkspaceId = workspaceId });
            if (workspace.WorkspaceStatus != "PROVISIONING" || DateTime.UtcNow > deadline)
            {
                return workspace;
            }
            await Task.Delay(100);
        }
    }

    public static async Task<CreateTokenResponse> WorkspaceTokenAsync(LakeplaneConnection lakeplane, long workspaceId) =>
        await lakeplane.Identity.CreateTokenAsync(new CreateTokenRequest { AccountId = lakeplane.AccountId, WorkspaceId = workspaceId, Comment = "test" });
}
