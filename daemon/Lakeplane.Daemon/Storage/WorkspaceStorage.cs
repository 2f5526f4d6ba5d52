using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// A workspace's root, from the store: its storage configuration names the bucket, its deployment name the prefix, and
/// its credentials (the cross-account role and its external id) the authority the <c>s3</c> driver assumes.
/// </summary>
public sealed class WorkspaceStorage(IStore store, IStorageDriver driver) : IWorkspaceStorage
{
    public IStorageDriver Driver => driver;

    public Task<WorkspaceStorageRoot> GetRootAsync(string accountId, long workspaceId, CancellationToken cancellationToken) =>
        store.ReadAsync(async reader =>
        {
            var workspaceRow = await reader.GetAsync(ObjectKinds.Workspace, workspaceId.ToString(CultureInfo.InvariantCulture), cancellationToken);
            if (workspaceRow is null || workspaceRow.AccountId != accountId)
            {
                throw LakeplaneException.NotFound("workspace_id", $"No workspace with workspace_id {workspaceId} in this account: check the id, or list the workspaces to find it.");
            }
            var workspace = AccountObjects.Materialise<Workspace>(workspaceRow);
            // Neither can be deleted while a workspace uses it, so both are there.
            var configuration = AccountObjects.Materialise<StorageConfiguration>(
                await AccountObjects.GetRowAsync(reader, ObjectKinds.StorageConfiguration, accountId, workspace.StorageConfigurationId, "storage_configuration_id", cancellationToken));
            var credentials = AccountObjects.Materialise<Credentials>(
                await AccountObjects.GetRowAsync(reader, ObjectKinds.Credentials, accountId, workspace.CredentialsId, "credentials_id", cancellationToken));
            return RootOf(workspace, configuration, credentials);
        }, cancellationToken);

    /// <summary>s3://&lt;bucket&gt;/&lt;deployment name&gt; under the workspace's cross-account role.</summary>
    public static WorkspaceStorageRoot RootOf(Workspace workspace, StorageConfiguration configuration, Credentials credentials) =>
        new(new StorageAccess(NullIfEmpty(credentials.RoleArn), NullIfEmpty(credentials.ExternalId)),
            new StorageLocation(configuration.BucketName, workspace.DeploymentName));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
