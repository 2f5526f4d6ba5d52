using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>
/// How a workspace's tree is kept in the store: one row per file, notebook or directory, its name unique within its
/// directory's scope (so "does this path exist" is one lookup by the unique name index, and a listing is one scope).
/// </summary>
public static class WorkspaceObjectRows
{
    public const string Kind = ObjectKinds.WorkspaceObject;

    public static Task<StoredObject?> FindAsync(IStoreReader reader, string accountId, long workspaceId, string path, CancellationToken cancellationToken) =>
        path == WorkspacePaths.Root
            ? Task.FromResult<StoredObject?>(null)
            : reader.FindByNameAsync(Kind, accountId, ObjectKinds.WorkspaceDirectoryScope(workspaceId, WorkspacePaths.Parent(path)!), WorkspacePaths.Name(path), cancellationToken);

    /// <summary>The object at <paramref name="path"/>, or RESOURCE_DOES_NOT_EXIST naming <paramref name="field"/>, worded as Databricks does.</summary>
    public static async Task<StoredObject> RequireAsync(IStoreReader reader, string accountId, long workspaceId, string path, string field, CancellationToken cancellationToken) =>
        await FindAsync(reader, accountId, workspaceId, path, cancellationToken)
        ?? throw LakeplaneException.NotFound(field, $"Path ({path}) doesn't exist: check {field}, or list its directory to see what is there.");

    public static Task<IReadOnlyList<StoredObject>> ChildrenAsync(IStoreReader reader, string accountId, long workspaceId, string directory, CancellationToken cancellationToken) =>
        reader.ListAsync(Kind, accountId, ObjectKinds.WorkspaceDirectoryScope(workspaceId, directory), cancellationToken: cancellationToken);

    /// <summary>
    /// Makes <paramref name="directory"/> and each missing directory above it, as mkdirs and import do. A file or notebook
    /// on the way is RESOURCE_ALREADY_EXISTS naming <paramref name="field"/>. Returns the directories it made.
    /// </summary>
    public static async Task<IReadOnlyList<StoredObject>> EnsureDirectoriesAsync(
        IStoreTransaction transaction, string accountId, long workspaceId, string directory, long now, string field, CancellationToken cancellationToken)
    {
        var made = new List<StoredObject>();
        if (directory == WorkspacePaths.Root)
        {
            return made;
        }
        foreach (var path in WorkspacePaths.Ancestors(directory).Append(directory))
        {
            var existing = await FindAsync(transaction, accountId, workspaceId, path, cancellationToken);
            if (existing is null)
            {
                var record = new WorkspaceObjectRecord(path, WorkspaceObjectTypes.Directory, "", 0, "", "", now, now);
                made.Add(await InsertAsync(transaction, accountId, workspaceId, record, cancellationToken));
            }
            else if (Read(existing).ObjectType != WorkspaceObjectTypes.Directory)
            {
                throw LakeplaneException.AlreadyExists(field,
                    $"{path} is a {Read(existing).ObjectType.ToLowerInvariant()}, not a directory, so nothing can be created below it: choose another {field}, or delete {path} first.");
            }
        }
        return made;
    }

    public static Task<StoredObject> InsertAsync(IStoreTransaction transaction, string accountId, long workspaceId, WorkspaceObjectRecord record, CancellationToken cancellationToken) =>
        transaction.InsertAsync(Kind, NewObjectId().ToString(CultureInfo.InvariantCulture), accountId,
            ObjectKinds.WorkspaceDirectoryScope(workspaceId, WorkspacePaths.Parent(record.Path)!), WorkspacePaths.Name(record.Path),
            WorkspaceFilesRecords.Serialize(record), cancellationToken);

    public static WorkspaceObjectRecord Read(StoredObject row) => WorkspaceFilesRecords.ReadObject(row.Body);

    /// <summary>The object as the API shows it.</summary>
    public static WorkspaceObjectInfo View(StoredObject row)
    {
        var record = Read(row);
        var info = new WorkspaceObjectInfo
        {
            ObjectType = record.ObjectType,
            Path = record.Path,
            Language = record.Language,
            ObjectId = long.Parse(row.Id, NumberStyles.None, CultureInfo.InvariantCulture),
            CreatedAt = record.CreatedAt,
            ModifiedAt = record.ModifiedAt,
            ResourceId = row.Id,
            Version = row.Version,
        };
        if (record.ObjectType != WorkspaceObjectTypes.Directory)
        {
            info.Size = record.Size;
            info.ContentMd5 = record.ContentMd5;
        }
        return info;
    }

    /// <summary>The root directory, which every workspace has and the store does not keep.</summary>
    public static WorkspaceObjectInfo RootView() => new()
    {
        ObjectType = WorkspaceObjectTypes.Directory,
        Path = WorkspacePaths.Root,
        ObjectId = 0,
        ResourceId = "0",
    };

    /// <summary>Random, positive and below 2^53, so JSON clients that read numbers as doubles keep every digit.</summary>
    private static long NewObjectId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var id = BinaryPrimitives.ReadInt64LittleEndian(bytes) & ((1L << 53) - 1);
        return id == 0 ? 1 : id;
    }
}
