using Lakeplane.Daemon.Rest;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Account;

/// <summary>Between the account API's proto messages and its Databricks-shaped JSON.</summary>
public static class AccountRestMapping
{
    public static CredentialsJson ToJson(Credentials c) => new()
    {
        CredentialsId = c.CredentialsId,
        CredentialsName = c.CredentialsName,
        AccountId = c.AccountId,
        AwsCredentials = new AwsCredentials { StsRole = new StsRole { RoleArn = c.RoleArn, ExternalId = c.ExternalId } },
        CreationTime = c.CreationTime,
    };

    public static CreateCredentialsRequest ToCreateRequest(string accountId, string requestId, CredentialsJson body) => new()
    {
        AccountId = accountId,
        CredentialsName = body.CredentialsName ?? "",
        RoleArn = body.AwsCredentials?.StsRole?.RoleArn ?? "",
        RequestId = requestId,
    };

    public static StorageConfigurationJson ToJson(StorageConfiguration s) => new()
    {
        StorageConfigurationId = s.StorageConfigurationId,
        StorageConfigurationName = s.StorageConfigurationName,
        AccountId = s.AccountId,
        RootBucketInfo = new RootBucketInfo { BucketName = s.BucketName },
        CreationTime = s.CreationTime,
    };

    public static CreateStorageConfigurationRequest ToCreateRequest(string accountId, string requestId, StorageConfigurationJson body) => new()
    {
        AccountId = accountId,
        StorageConfigurationName = body.StorageConfigurationName ?? "",
        BucketName = body.RootBucketInfo?.BucketName ?? "",
        RequestId = requestId,
    };

    public static NetworkJson ToJson(Network n) => new()
    {
        NetworkId = n.NetworkId,
        NetworkName = n.NetworkName,
        AccountId = n.AccountId,
        VpcId = n.VpcId,
        SubnetIds = [.. n.SubnetIds],
        SecurityGroupIds = [.. n.SecurityGroupIds],
        VpcStatus = n.VpcStatus,
        WorkspaceId = n.WorkspaceId == 0 ? null : n.WorkspaceId,
        CreationTime = n.CreationTime,
    };

    public static CreateNetworkRequest ToCreateRequest(string accountId, string requestId, NetworkJson body) => new()
    {
        AccountId = accountId,
        NetworkName = body.NetworkName ?? "",
        VpcId = body.VpcId ?? "",
        SubnetIds = { body.SubnetIds ?? [] },
        SecurityGroupIds = { body.SecurityGroupIds ?? [] },
        RequestId = requestId,
    };

    public static WorkspaceJson ToJson(Workspace w) => new()
    {
        WorkspaceId = w.WorkspaceId,
        WorkspaceName = w.WorkspaceName,
        AccountId = w.AccountId,
        AwsRegion = w.AwsRegion,
        CredentialsId = w.CredentialsId,
        StorageConfigurationId = w.StorageConfigurationId,
        NetworkId = w.NetworkId.Length == 0 ? null : w.NetworkId,
        CustomTags = w.CustomTags.Count == 0 ? null : new Dictionary<string, string>(w.CustomTags),
        WorkspaceStatus = w.WorkspaceStatus,
        WorkspaceStatusMessage = w.WorkspaceStatusMessage,
        DeploymentName = w.DeploymentName,
        WorkspaceUrl = w.WorkspaceUrl,
        CreationTime = w.CreationTime,
    };

    public static CreateWorkspaceRequest ToCreateRequest(string accountId, string requestId, WorkspaceJson body) => new()
    {
        AccountId = accountId,
        WorkspaceName = body.WorkspaceName ?? "",
        AwsRegion = body.AwsRegion ?? "",
        CredentialsId = body.CredentialsId ?? "",
        StorageConfigurationId = body.StorageConfigurationId ?? "",
        NetworkId = body.NetworkId ?? "",
        CustomTags = { body.CustomTags ?? [] },
        DeploymentName = body.DeploymentName ?? "",
        RequestId = requestId,
    };
}
