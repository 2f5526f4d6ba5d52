using Lakeplane.Daemon.Storage;

namespace Lakeplane.Daemon.Files;

/// <summary>Where a volume's files are, under whose authority the driver reaches them, and whose call it is (for the audit log).</summary>
/// <param name="Root">The volume's storage_location as a location; files are below it.</param>
/// <param name="Audit">The account, volume id and caller an audit entry of a change names.</param>
public sealed record VolumeStorage(VolumePath Path, StorageAccess Access, StorageLocation Root, VolumeAudit Audit)
{
    /// <summary>The object of the path (a file), or with <paramref name="asDirectory"/> its directory marker.</summary>
    public StorageLocation Location(bool asDirectory = false) =>
        Path.Relative.Length == 0 ? Root with { Key = Root.Key.TrimEnd('/') + (asDirectory ? "/" : "") } : Root.Child(Path.Relative + (asDirectory ? "/" : ""));

    /// <summary>The API path of an object or prefix below the volume root.</summary>
    public string DisplayOf(StorageLocation location)
    {
        var rootKey = Root.Key.TrimEnd('/');
        var relative = (rootKey.Length == 0 ? location.Key : location.Key[(rootKey.Length + 1)..]).TrimEnd('/');
        return "/Volumes/" + Path.Catalog + "/" + Path.Schema + "/" + Path.Volume + "/" + relative;
    }
}

/// <param name="Actor">The caller as audit entries name it.</param>
public sealed record VolumeAudit(string AccountId, string VolumeId, string Actor);
