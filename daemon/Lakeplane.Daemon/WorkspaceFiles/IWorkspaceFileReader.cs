namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>
/// Reads workspace files and notebooks (stored encrypted at rest) for the daemon's own work, such as a job's
/// <c>spark_python_task.python_file</c>. The caller has already decided that the run may use the workspace;
/// this only finds and decrypts.
/// </summary>
public interface IWorkspaceFileReader
{
    /// <summary>The decrypted content of the file or notebook at <paramref name="path"/> (absolute, e.g.
    /// <c>/Shared/etl.py</c>). Throws LakeplaneException RESOURCE_DOES_NOT_EXIST naming <paramref name="field"/>
    /// when there is nothing there, INVALID_PARAMETER_VALUE when the path is a directory.</summary>
    Task<WorkspaceFileContent> ReadAsync(string accountId, long workspaceId, string path, string field, CancellationToken cancellationToken);
}

/// <param name="ObjectType">FILE or NOTEBOOK, as the workspace API names them.</param>
/// <param name="Language">PYTHON, SQL, SCALA or R for notebooks; null for files.</param>
public sealed record WorkspaceFileContent(string Path, string ObjectType, string? Language, byte[] Content);
