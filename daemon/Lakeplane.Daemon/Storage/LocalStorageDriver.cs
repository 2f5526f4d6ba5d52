namespace Lakeplane.Daemon.Storage;

/// <summary>
/// The "local" storage driver: a workspace's root storage is a directory under
/// &lt;data-dir&gt;/storage, one prefix per deployment, standing in for the prefix in its S3 root bucket.
/// </summary>
public sealed class LocalStorageDriver(string dataDirectory)
{
    public string Root { get; } = Path.Combine(Path.GetFullPath(dataDirectory), "storage");

    /// <summary>Creates the workspace's root prefix; idempotent, so a provisioning resumed after a crash just goes on.</summary>
    public string CreateRootPrefix(string deploymentName)
    {
        var prefix = Path.Combine(Root, deploymentName);
        Directory.CreateDirectory(prefix);
        return prefix;
    }
}
