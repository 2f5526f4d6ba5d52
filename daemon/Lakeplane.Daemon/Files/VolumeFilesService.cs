using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Files;

/// <summary>
/// The Files API for volumes: files and directories under a volume's storage location, through the storage driver.
/// Every call needs USE_CATALOG and USE_SCHEMA on the parents, and READ_VOLUME (reads, listings) or WRITE_VOLUME
/// (uploads, deletes, directories) on the volume, decided by the catalog's privilege engine. Content is streamed
/// between the HTTP body and the driver, never held whole. Directories follow S3: a directory exists while it has a
/// marker or anything below it; the volume's own root always exists (its storage is made on first write).
/// </summary>
public sealed class VolumeFilesService(CatalogCalls calls, IStorageDriver driver, IStore store)
{
    public const int MaxPageSize = 1000;

    /// <summary>Checks the caller's privilege on the volume and finds its storage.</summary>
    public Task<VolumeStorage> ResolveAsync(AuthenticatedPrincipal caller, long workspaceId, VolumePath path, string privilege, string field, CancellationToken cancellationToken) =>
        calls.ReadAsync(caller, workspaceId, async session =>
        {
            var catalog = await session.CatalogAsync(path.Catalog, field, cancellationToken);
            var schema = await session.SchemaAsync(catalog, path.Schema, field, cancellationToken);
            var volume = await session.VolumeAsync(schema, path.Volume, field, cancellationToken);
            session.Require(catalog.Path, Privilege.UseCatalog);
            session.Require(schema.Path, Privilege.UseSchema);
            session.Require(volume.Path, privilege);
            var root = StorageLocation.Parse(volume.Info.StorageLocation);
            return new VolumeStorage(path, await LocationAccess.ForAsync(session, volume.Info.StorageLocation, cancellationToken), root,
                new VolumeAudit(session.AccountId, volume.Id, caller.AuditName));
        }, cancellationToken);

    public async Task<StoredObjectInfo> UploadAsync(VolumeStorage volume, Stream content, bool overwrite, CancellationToken cancellationToken)
    {
        var location = volume.Location();
        if (await Storage(volume, () => driver.HeadAsync(volume.Access, volume.Location(asDirectory: true), cancellationToken)) is not null)
        {
            throw LakeplaneException.Conflict($"{volume.Path.Display} is a directory: upload to a path below it.", "file_path");
        }
        if (!overwrite && await Storage(volume, () => driver.HeadAsync(volume.Access, location, cancellationToken)) is not null)
        {
            throw LakeplaneException.AlreadyExists("file_path", $"{volume.Path.Display} already exists: pass overwrite=true to replace it.");
        }
        var stored = await Storage(volume, () => driver.PutAsync(volume.Access, location, content, cancellationToken));
        await AuditAsync(volume, "volume_file.upload", $" size={stored.Length}{(overwrite ? " overwrite=true" : "")}");
        return stored;
    }

    public async Task<StorageReadResult> OpenAsync(VolumeStorage volume, CancellationToken cancellationToken) =>
        await Storage(volume, () => driver.OpenReadAsync(volume.Access, volume.Location(), cancellationToken)) ?? throw NoFile(volume);

    /// <summary>Bytes [offset, offset + length) of the file, both already checked against its length.</summary>
    public async Task<StorageReadResult> OpenRangeAsync(VolumeStorage volume, long offset, long length, CancellationToken cancellationToken) =>
        await Storage(volume, () => driver.OpenRangeAsync(volume.Access, volume.Location(), offset, length, cancellationToken)) ?? throw NoFile(volume);

    public async Task<StoredObjectInfo> HeadAsync(VolumeStorage volume, CancellationToken cancellationToken) =>
        await Storage(volume, () => driver.HeadAsync(volume.Access, volume.Location(), cancellationToken)) ?? throw NoFile(volume);

    public async Task DeleteAsync(VolumeStorage volume, CancellationToken cancellationToken)
    {
        if (!await Storage(volume, () => driver.DeleteAsync(volume.Access, volume.Location(), cancellationToken)))
        {
            throw NoFile(volume);
        }
        await AuditAsync(volume, "volume_file.delete", "");
    }

    /// <summary>One page of a directory: files and sub-directories, in name order.</summary>
    public async Task<StorageListing> ListAsync(VolumeStorage volume, string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        if (pageSize is < 0 or > MaxPageSize)
        {
            throw LakeplaneException.Invalid("page_size", $"page_size {pageSize} is out of range: 1 to {MaxPageSize}, or leave it out for {MaxPageSize}.");
        }
        StorageListing listing;
        try
        {
            listing = await Storage(volume, () => driver.ListAsync(volume.Access, volume.Location(), recursive: false, pageToken, pageSize == 0 ? MaxPageSize : pageSize, cancellationToken));
        }
        catch (ArgumentException) when (pageToken is not null)
        {
            throw LakeplaneException.Invalid("page_token", $"page_token '{pageToken}' is not one a listing of {volume.Path.Display} returned: pass next_page_token as it came.");
        }
        if (pageToken is null && listing.Objects.Count == 0 && listing.Prefixes.Count == 0 && !await DirectoryExistsAsync(volume, cancellationToken))
        {
            throw NoDirectory(volume);
        }
        return listing;
    }

    public async Task<bool> DirectoryExistsAsync(VolumeStorage volume, CancellationToken cancellationToken)
    {
        if (volume.Path.Relative.Length == 0)
        {
            return true;
        }
        if (await Storage(volume, () => driver.HeadAsync(volume.Access, volume.Location(asDirectory: true), cancellationToken)) is not null)
        {
            return true;
        }
        var below = await Storage(volume, () => driver.ListAsync(volume.Access, volume.Location(), recursive: true, null, 1, cancellationToken));
        return below.Objects.Count > 0;
    }

    /// <summary>Creates the directory and, as mkdir -p does, its parents; a file in the way is a conflict.</summary>
    public async Task CreateDirectoryAsync(VolumeStorage volume, CancellationToken cancellationToken)
    {
        if (volume.Path.Relative.Length == 0)
        {
            return;
        }
        var segments = volume.Path.Relative.Split('/');
        var ancestors = Enumerable.Range(1, segments.Length)
            .Select(depth => volume with { Path = volume.Path with { Relative = string.Join('/', segments.Take(depth)) } })
            .ToList();
        foreach (var ancestor in ancestors)
        {
            if (await Storage(volume, () => driver.HeadAsync(volume.Access, ancestor.Location(), cancellationToken)) is not null)
            {
                throw LakeplaneException.Conflict($"{ancestor.Path.Display} is a file: {volume.Path.Display} cannot be a directory below it.", "directory_path");
            }
        }
        // A marker for every level, as mkdir -p makes each directory: each then exists on its own, and listings that
        // only look one level down (some S3-compatible servers) still see them.
        foreach (var ancestor in ancestors)
        {
            await Storage(volume, () => driver.PutAsync(volume.Access, ancestor.Location(asDirectory: true), Stream.Null, cancellationToken));
        }
        await AuditAsync(volume, "volume_directory.create", "");
    }

    /// <summary>Deletes an empty directory; one with anything in it is refused.</summary>
    public async Task DeleteDirectoryAsync(VolumeStorage volume, CancellationToken cancellationToken)
    {
        if (volume.Path.Relative.Length == 0)
        {
            throw LakeplaneException.Invalid("directory_path", $"{volume.Path.Display} is the volume's root: delete the volume itself to remove it.");
        }
        if (!await DirectoryExistsAsync(volume, cancellationToken))
        {
            throw NoDirectory(volume);
        }
        var content = await Storage(volume, () => driver.ListAsync(volume.Access, volume.Location(), recursive: false, null, 1, cancellationToken));
        if (content.Objects.Count > 0 || content.Prefixes.Count > 0)
        {
            throw LakeplaneException.Conflict($"{volume.Path.Display} is not empty: delete what is in it first.", "directory_path");
        }
        await Storage(volume, () => driver.DeleteAsync(volume.Access, volume.Location(asDirectory: true), cancellationToken));
        await AuditAsync(volume, "volume_directory.delete", "");
    }

    /// <summary>
    /// Records a change to a volume's files in the audit log, like every other mutation. The bytes are in the customer's
    /// storage, outside the store's transaction, so the entry is written once the change is made, and whatever the
    /// caller does meanwhile (no cancellation): a change that happened is always audited.
    /// </summary>
    private Task AuditAsync(VolumeStorage volume, string action, string details) =>
        store.WriteAsync(async transaction =>
        {
            await transaction.AppendAuditAsync(volume.Audit.AccountId, volume.Audit.Actor, action, ObjectKinds.Volume, volume.Audit.VolumeId,
                $"path={volume.Path.Display}{details}", CancellationToken.None);
            return true;
        }, CancellationToken.None);

    /// <summary>A driver call; what the user must fix about the storage comes back as an error naming the path.</summary>
    private static async Task<T> Storage<T>(VolumeStorage volume, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StorageException exception)
        {
            throw new LakeplaneException(exception.Failure == StorageFailure.AccessDenied ? ErrorCode.PermissionDenied : ErrorCode.ResourceConflict,
                $"The storage of volume {volume.Path.FullVolumeName} failed for {volume.Path.Display}: {exception.Message}", "");
        }
    }

    private static LakeplaneException NoFile(VolumeStorage volume) =>
        LakeplaneException.NotFound("file_path", $"{volume.Path.Display} does not exist: check the path, or list its directory.");

    private static LakeplaneException NoDirectory(VolumeStorage volume) =>
        LakeplaneException.NotFound("directory_path", $"The directory {volume.Path.Display} does not exist: create it with PUT /api/2.0/fs/directories{volume.Path.Display}.");
}
