using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Storage;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>Under whose authority the daemon reaches a catalog storage location (a volume's files, a table's Delta log).</summary>
public static class LocationAccess
{
    /// <summary>
    /// The credential of the external location the path lies under (an external table's or volume's, or managed storage
    /// placed under one); the daemon's own for the metastore's root.
    /// </summary>
    public static async Task<StorageAccess> ForAsync(CatalogSession session, string url, CancellationToken cancellationToken)
    {
        var locations = await CatalogRows.AllAsync(session.Reader, ObjectKinds.ExternalLocation, session.AccountId, session.MetastoreScope, cancellationToken);
        var covering = locations.Select(CatalogRows.Read<ExternalLocationInfo>)
            .Where(location => StorageUrls.Contains(location.Url, url))
            .OrderByDescending(location => location.Url.Length)
            .FirstOrDefault();
        if (covering is null)
        {
            return StorageAccess.Daemon;
        }
        var credential = await session.Reader.GetAsync(ObjectKinds.StorageCredential, covering.CredentialId, cancellationToken);
        var role = credential is null ? null : CatalogRows.Read<StorageCredentialInfo>(credential).AwsIamRole;
        return new StorageAccess(string.IsNullOrEmpty(role?.RoleArn) ? null : role.RoleArn, string.IsNullOrEmpty(role?.ExternalId) ? null : role.ExternalId);
    }
}
