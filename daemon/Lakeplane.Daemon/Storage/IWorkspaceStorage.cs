namespace Lakeplane.Daemon.Storage;

/// <summary>
/// A workspace's root storage: <c>s3://&lt;storage configuration's bucket&gt;/&lt;deployment name&gt;</c> under the
/// workspace's credentials. Everything a workspace keeps in the data plane (job run logs and outputs, workspace
/// files and notebooks, encrypted) lives below it, through <see cref="Driver"/>, so a workspace on the
/// <c>s3</c> driver keeps all of it in S3.
/// </summary>
public interface IWorkspaceStorage
{
    IStorageDriver Driver { get; }

    /// <summary>The root of a workspace of the account; RESOURCE_DOES_NOT_EXIST (LakeplaneException) when there is none.</summary>
    Task<WorkspaceStorageRoot> GetRootAsync(string accountId, long workspaceId, CancellationToken cancellationToken);
}

/// <param name="Root">The workspace's prefix; children via <see cref="StorageLocation.Child"/>.</param>
public sealed record WorkspaceStorageRoot(StorageAccess Access, StorageLocation Root);
