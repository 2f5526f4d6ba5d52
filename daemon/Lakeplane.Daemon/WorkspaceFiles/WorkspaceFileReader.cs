using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>Finds and decrypts a workspace file or notebook for the daemon's own work (a job's python_file).</summary>
public sealed class WorkspaceFileReader(IStore store, WorkspaceFileBlobs blobs) : IWorkspaceFileReader
{
    public async Task<WorkspaceFileContent> ReadAsync(string accountId, long workspaceId, string path, string field, CancellationToken cancellationToken)
    {
        WorkspacePaths.Validate(field, path);
        var row = await store.ReadAsync(reader => WorkspaceObjectRows.FindAsync(reader, accountId, workspaceId, path, cancellationToken), cancellationToken);
        if (row is null && path != WorkspacePaths.Root)
        {
            throw LakeplaneException.NotFound(field,
                $"{field} '{path}' names no file or notebook of workspace {workspaceId}: import it first (/api/2.0/workspace/import, lakeplane_workspace_file), or correct the path.");
        }
        var record = row is null ? null : WorkspaceObjectRows.Read(row);
        if (record is null || record.ObjectType == WorkspaceObjectTypes.Directory)
        {
            throw LakeplaneException.Invalid(field, $"{field} '{path}' is a directory: name a file or notebook in it.");
        }
        var content = await blobs.ReadAsync(accountId, workspaceId, path, record.BlobKey, cancellationToken);
        return new WorkspaceFileContent(record.Path, record.ObjectType, record.Language.Length == 0 ? null : record.Language, content);
    }
}
