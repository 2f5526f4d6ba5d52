using System.Globalization;
using System.Security.Cryptography;
using Google.Protobuf;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>
/// The Workspace API: a workspace's tree of files, notebooks and directories. The tree and each object's metadata are
/// in the store (one mutation per call, audited, idempotent under request_id); content is encrypted and kept in the
/// workspace's storage by <see cref="WorkspaceFileBlobs"/>. Callers need a token of the workspace or an account admin token.
/// </summary>
public sealed class WorkspaceObjectService(IStore store, MutationRunner mutations, TimeProvider time, WorkspaceFileBlobs blobs)
{
    /// <summary>Databricks' limit for one imported object.</summary>
    public const int MaxContentBytes = 10 * 1024 * 1024;

    private const string Kind = WorkspaceObjectRows.Kind;

    public async Task<WorkspaceObjectInfo> ImportAsync(AuthenticatedPrincipal principal, ImportWorkspaceObjectRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var workspaceId = request.WorkspaceId;
        var path = WorkspacePaths.Validate("path", request.Path);
        if (path == WorkspacePaths.Root)
        {
            throw LakeplaneException.Invalid("path", "path / is the workspace's root directory: import to a path below it, e.g. /Shared/etl.py.");
        }
        if (request.Content.Length > MaxContentBytes)
        {
            throw LakeplaneException.Invalid("content",
                $"content is {request.Content.Length.ToString(CultureInfo.InvariantCulture)} bytes: at most {MaxContentBytes.ToString(CultureInfo.InvariantCulture)} (10 MiB) may be imported at once.");
        }
        var target = WorkspaceObjectTypes.Classify(path, request.Format, request.Language, request.Content.Span);
        var content = request.Content.ToByteArray();
        var md5 = Convert.ToHexStringLower(MD5.HashData(content));

        // The content goes to storage first, under a new key; the mutation then points the tree at it. The work of a
        // mutation may run more than once, so it must not touch storage itself.
        var blobKey = await blobs.PutAsync(accountId, workspaceId, content, cancellationToken);
        string? replacedBlob = null;
        WorkspaceObjectInfo imported;
        try
        {
            imported = await mutations.RunAsync(new Mutation(principal, accountId, "workspace.import", request.RequestId, request), async transaction =>
            {
                replacedBlob = null;
                await WorkspaceService.GetRowAsync(transaction, accountId, workspaceId, cancellationToken);
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                await WorkspaceObjectRows.EnsureDirectoriesAsync(transaction, accountId, workspaceId, WorkspacePaths.Parent(target.Path)!, now, "path", cancellationToken);
                var existing = await WorkspaceObjectRows.FindAsync(transaction, accountId, workspaceId, target.Path, cancellationToken);
                StoredObject row;
                if (existing is null)
                {
                    var record = new WorkspaceObjectRecord(target.Path, target.ObjectType, target.Language, content.Length, md5, blobKey, now, now);
                    row = await WorkspaceObjectRows.InsertAsync(transaction, accountId, workspaceId, record, cancellationToken);
                }
                else
                {
                    var old = WorkspaceObjectRows.Read(existing);
                    if (old.ObjectType == WorkspaceObjectTypes.Directory)
                    {
                        throw LakeplaneException.AlreadyExists("path", $"{target.Path} is a directory: import to another path, or delete the directory first.");
                    }
                    if (!request.Overwrite)
                    {
                        throw LakeplaneException.AlreadyExists("path",
                            $"{target.Path} already exists ({old.ObjectType.ToLowerInvariant()}): set overwrite to replace it, or import to another path.");
                    }
                    replacedBlob = old.BlobKey;
                    var record = old with
                    {
                        ObjectType = target.ObjectType, Language = target.Language, Size = content.Length, ContentMd5 = md5, BlobKey = blobKey, ModifiedAt = now,
                    };
                    row = await transaction.UpdateAsync(Kind, existing.Id, existing.Version, existing.Name, WorkspaceFilesRecords.Serialize(record), cancellationToken);
                }
                var details = $"path={target.Path} object_type={target.ObjectType} size={content.Length.ToString(CultureInfo.InvariantCulture)}" +
                              (existing is null ? "" : " (overwrite)");
                return new MutationOutcome<WorkspaceObjectInfo>(WorkspaceObjectRows.View(row), Kind, row.Id, details);
            }, cancellationToken);
        }
        catch
        {
            await blobs.DeleteAsync(accountId, workspaceId, [blobKey], CancellationToken.None);
            throw;
        }
        await DropUnreferencedAsync(accountId, workspaceId, target.Path, [blobKey, replacedBlob], cancellationToken);
        return imported;
    }

    public async Task<ExportWorkspaceObjectResponse> ExportAsync(AuthenticatedPrincipal principal, ExportWorkspaceObjectRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var path = WorkspacePaths.Validate("path", request.Path);
        var format = request.Format.Length == 0 ? WorkspaceObjectTypes.Source : request.Format.ToUpperInvariant();
        if (format is not (WorkspaceObjectTypes.Source or WorkspaceObjectTypes.Auto or WorkspaceObjectTypes.Raw))
        {
            throw LakeplaneException.Invalid("format", $"format '{request.Format}' is not supported for export by Lakeplane: use SOURCE, AUTO or RAW.");
        }
        var row = await store.ReadAsync(async reader =>
        {
            await WorkspaceService.GetRowAsync(reader, accountId, request.WorkspaceId, cancellationToken);
            return path == WorkspacePaths.Root ? null : await WorkspaceObjectRows.RequireAsync(reader, accountId, request.WorkspaceId, path, "path", cancellationToken);
        }, cancellationToken);
        var record = row is null ? null : WorkspaceObjectRows.Read(row);
        if (row is null || record!.ObjectType == WorkspaceObjectTypes.Directory)
        {
            throw LakeplaneException.Invalid("path", $"{path} is a directory: Lakeplane exports files and notebooks one at a time (list the directory to find them).");
        }
        var content = await blobs.ReadAsync(accountId, request.WorkspaceId, path, record.BlobKey, cancellationToken);
        return new ExportWorkspaceObjectResponse
        {
            Content = ByteString.CopyFrom(content),
            FileType = WorkspaceObjectTypes.FileType(record.Path, record.ObjectType, record.Language),
            Object = WorkspaceObjectRows.View(row),
        };
    }

    public Task<WorkspaceObjectInfo> GetStatusAsync(AuthenticatedPrincipal principal, GetWorkspaceObjectStatusRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var path = WorkspacePaths.Validate("path", request.Path);
        return store.ReadAsync(async reader =>
        {
            await WorkspaceService.GetRowAsync(reader, accountId, request.WorkspaceId, cancellationToken);
            return path == WorkspacePaths.Root
                ? WorkspaceObjectRows.RootView()
                : WorkspaceObjectRows.View(await WorkspaceObjectRows.RequireAsync(reader, accountId, request.WorkspaceId, path, "path", cancellationToken));
        }, cancellationToken);
    }

    /// <summary>A directory's children, by name; a file or notebook lists itself, as Databricks does.</summary>
    public Task<IReadOnlyList<WorkspaceObjectInfo>> ListAsync(AuthenticatedPrincipal principal, ListWorkspaceObjectsRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var path = WorkspacePaths.Validate("path", request.Path);
        return store.ReadAsync<IReadOnlyList<WorkspaceObjectInfo>>(async reader =>
        {
            await WorkspaceService.GetRowAsync(reader, accountId, request.WorkspaceId, cancellationToken);
            if (path != WorkspacePaths.Root)
            {
                var row = await WorkspaceObjectRows.RequireAsync(reader, accountId, request.WorkspaceId, path, "path", cancellationToken);
                if (WorkspaceObjectRows.Read(row).ObjectType != WorkspaceObjectTypes.Directory)
                {
                    return [WorkspaceObjectRows.View(row)];
                }
            }
            return (await WorkspaceObjectRows.ChildrenAsync(reader, accountId, request.WorkspaceId, path, cancellationToken)).Select(WorkspaceObjectRows.View).ToList();
        }, cancellationToken);
    }

    public async Task<MkdirsWorkspaceResponse> MkdirsAsync(AuthenticatedPrincipal principal, MkdirsWorkspaceRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var path = WorkspacePaths.Validate("path", request.Path);
        return await mutations.RunAsync(new Mutation(principal, accountId, "workspace.mkdirs", request.RequestId, request), async transaction =>
        {
            await WorkspaceService.GetRowAsync(transaction, accountId, request.WorkspaceId, cancellationToken);
            var made = await WorkspaceObjectRows.EnsureDirectoriesAsync(
                transaction, accountId, request.WorkspaceId, path, time.GetUtcNow().ToUnixTimeMilliseconds(), "path", cancellationToken);
            var directory = path == WorkspacePaths.Root ? null : await WorkspaceObjectRows.FindAsync(transaction, accountId, request.WorkspaceId, path, cancellationToken);
            return new MutationOutcome<MkdirsWorkspaceResponse>(new MkdirsWorkspaceResponse(), Kind, directory?.Id ?? "0",
                $"path={path} created={made.Count.ToString(CultureInfo.InvariantCulture)}");
        }, cancellationToken);
    }

    /// <summary>Deletes a file, notebook or empty directory; a non-empty directory only when recursive (DIRECTORY_NOT_EMPTY otherwise).
    /// A recursive delete is one transaction: all of the subtree goes, or none of it.</summary>
    public async Task<DeleteWorkspaceObjectResponse> DeleteAsync(AuthenticatedPrincipal principal, DeleteWorkspaceObjectRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var workspaceId = request.WorkspaceId;
        var path = WorkspacePaths.Validate("path", request.Path);
        if (path == WorkspacePaths.Root)
        {
            throw LakeplaneException.Invalid("path", "path / is the workspace's root directory, which cannot be deleted: delete what is below it instead.");
        }
        var removedBlobs = new List<string>();
        var response = await mutations.RunAsync(new Mutation(principal, accountId, "workspace.delete", request.RequestId, request), async transaction =>
        {
            removedBlobs.Clear();
            await WorkspaceService.GetRowAsync(transaction, accountId, workspaceId, cancellationToken);
            var row = await WorkspaceObjectRows.RequireAsync(transaction, accountId, workspaceId, path, "path", cancellationToken);
            var record = WorkspaceObjectRows.Read(row);
            var count = 1;
            if (record.ObjectType == WorkspaceObjectTypes.Directory)
            {
                var children = await WorkspaceObjectRows.ChildrenAsync(transaction, accountId, workspaceId, path, cancellationToken);
                if (children.Count > 0 && !request.Recursive)
                {
                    throw new LakeplaneException(ErrorCode.DirectoryNotEmpty,
                        $"Folder ({path}) is not empty: set recursive to delete it with everything below it, or delete its contents first.", "recursive");
                }
                count += await DeleteSubtreeAsync(transaction, accountId, workspaceId, children, removedBlobs, cancellationToken);
            }
            else
            {
                removedBlobs.Add(record.BlobKey);
            }
            await transaction.DeleteAsync(Kind, row.Id, row.Version, cancellationToken);
            return new MutationOutcome<DeleteWorkspaceObjectResponse>(new DeleteWorkspaceObjectResponse(), Kind, row.Id,
                $"path={path} object_type={record.ObjectType} objects={count.ToString(CultureInfo.InvariantCulture)}");
        }, cancellationToken);
        if (removedBlobs.Count > 0)
        {
            await blobs.DeleteAsync(accountId, workspaceId, removedBlobs, cancellationToken);
        }
        return response;
    }

    private static async Task<int> DeleteSubtreeAsync(
        IStoreTransaction transaction, string accountId, long workspaceId, IReadOnlyList<StoredObject> rows, List<string> removedBlobs, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var record = WorkspaceObjectRows.Read(row);
            if (record.ObjectType == WorkspaceObjectTypes.Directory)
            {
                count += await DeleteSubtreeAsync(transaction, accountId, workspaceId,
                    await WorkspaceObjectRows.ChildrenAsync(transaction, accountId, workspaceId, record.Path, cancellationToken), removedBlobs, cancellationToken);
            }
            else
            {
                removedBlobs.Add(record.BlobKey);
            }
            await transaction.DeleteAsync(Kind, row.Id, row.Version, cancellationToken);
            count++;
        }
        return count;
    }

    /// <summary>After an import: the blobs it wrote or replaced that the tree does not point at (a retried request answered from
    /// its first attempt, an overwrite's old content) are removed.</summary>
    private async Task DropUnreferencedAsync(string accountId, long workspaceId, string path, IEnumerable<string?> candidates, CancellationToken cancellationToken)
    {
        var current = await store.ReadAsync(reader => WorkspaceObjectRows.FindAsync(reader, accountId, workspaceId, path, cancellationToken), cancellationToken);
        var referenced = current is null ? null : WorkspaceObjectRows.Read(current).BlobKey;
        var unreferenced = candidates.OfType<string>().Where(key => key.Length > 0 && key != referenced).Distinct(StringComparer.Ordinal).ToList();
        if (unreferenced.Count > 0)
        {
            await blobs.DeleteAsync(accountId, workspaceId, unreferenced, CancellationToken.None);
        }
    }
}
