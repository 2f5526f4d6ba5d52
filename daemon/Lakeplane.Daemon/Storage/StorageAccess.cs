namespace Lakeplane.Daemon.Storage;

/// <summary>
/// Whose authority a storage call runs under. On AWS the <c>s3</c> driver assumes <see cref="RoleArn"/> with
/// <see cref="ExternalId"/> through STS (the workspace's cross-account credentials, or a storage credential's
/// role); against an S3-compatible server, and for the <c>local</c> driver, it uses the daemon's own
/// configured access and the role only documents intent. <see cref="Daemon"/> is the daemon's own authority.
/// </summary>
public sealed record StorageAccess(string? RoleArn, string? ExternalId)
{
    public static StorageAccess Daemon { get; } = new(null, null);
}
