using System.Globalization;
using System.Security.Cryptography;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Storage;
using Lakeplane.Daemon.WorkspaceFiles.Encryption;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>
/// The content of files and notebooks in the data plane: AES-GCM ciphertext under the workspace's data key at
/// &lt;workspace root&gt;/workspace-files/&lt;random id&gt;. Every import writes a new object (never over the one the
/// store points at), so a failed or retried import never damages the content that is there; the associated data binds
/// each ciphertext to its workspace and key.
/// </summary>
public sealed class WorkspaceFileBlobs(IWorkspaceStorage storage, WorkspaceDataKeys dataKeys, ILogger<WorkspaceFileBlobs> logger)
{
    public const string Prefix = "workspace-files/";

    /// <summary>Encrypts and uploads <paramref name="content"/>; returns the new blob's key relative to the workspace root.</summary>
    public async Task<string> PutAsync(string accountId, long workspaceId, byte[] content, CancellationToken cancellationToken)
    {
        var root = await storage.GetRootAsync(accountId, workspaceId, cancellationToken);
        var key = await dataKeys.GetOrCreateAsync(accountId, workspaceId, cancellationToken);
        var blobKey = Prefix + Guid.NewGuid().ToString("N");
        var sealedContent = Aead.Seal(key, content, Context(workspaceId, blobKey));
        await Guard(root, () => storage.Driver.PutAsync(root.Access, root.Root.Child(blobKey), new MemoryStream(sealedContent, writable: false), cancellationToken));
        return blobKey;
    }

    /// <summary>The decrypted content; INTERNAL with the reason when the blob is missing or does not decrypt.</summary>
    public async Task<byte[]> ReadAsync(string accountId, long workspaceId, string path, string blobKey, CancellationToken cancellationToken)
    {
        var root = await storage.GetRootAsync(accountId, workspaceId, cancellationToken);
        var key = await dataKeys.GetAsync(accountId, workspaceId, cancellationToken);
        byte[] sealedContent;
        var opened = await Guard(root, () => storage.Driver.OpenReadAsync(root.Access, root.Root.Child(blobKey), cancellationToken));
        if (opened is null)
        {
            throw new LakeplaneException(ErrorCode.Internal,
                $"The content of {path} is missing from the workspace's storage ({root.Root.Child(blobKey)}): it was removed outside Lakeplane. Import the object again.");
        }
        await using (opened)
        {
            using var buffer = new MemoryStream();
            await opened.Content.CopyToAsync(buffer, cancellationToken);
            sealedContent = buffer.ToArray();
        }
        try
        {
            return Aead.Open(key, sealedContent, Context(workspaceId, blobKey));
        }
        catch (CryptographicException)
        {
            throw new LakeplaneException(ErrorCode.Internal,
                $"The content of {path} in the workspace's storage ({root.Root.Child(blobKey)}) does not decrypt with the workspace's data key: it was altered or replaced outside Lakeplane. Import the object again.");
        }
    }

    /// <summary>Removes blobs no longer (or never) referenced. Best effort: a leftover blob is unreadable ciphertext, logged for the operator.</summary>
    public async Task DeleteAsync(string accountId, long workspaceId, IEnumerable<string> blobKeys, CancellationToken cancellationToken)
    {
        WorkspaceStorageRoot root;
        try
        {
            root = await storage.GetRootAsync(accountId, workspaceId, cancellationToken);
        }
        catch (Exception exception) when (exception is LakeplaneException or StorageException)
        {
            logger.LogWarning("Workspace {WorkspaceId} has no storage root any more; its workspace file blobs stay: {Reason}", workspaceId, exception.Message);
            return;
        }
        foreach (var blobKey in blobKeys)
        {
            try
            {
                await storage.Driver.DeleteAsync(root.Access, root.Root.Child(blobKey), CancellationToken.None);
            }
            catch (Exception exception) when (exception is StorageException or IOException)
            {
                logger.LogWarning("Could not delete the workspace file blob {Location}: {Reason}", root.Root.Child(blobKey), exception.Message);
            }
        }
    }

    private static string Context(long workspaceId, string blobKey) =>
        "lakeplane-workspace-file:" + workspaceId.ToString(CultureInfo.InvariantCulture) + ":" + blobKey;

    /// <summary>A storage failure is the user's to fix (bucket missing, access denied): it names the bucket and what to do.</summary>
    private static async Task<T> Guard<T>(WorkspaceStorageRoot root, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StorageException exception)
        {
            throw new LakeplaneException(exception.Failure == StorageFailure.Unreachable ? ErrorCode.TemporarilyUnavailable : ErrorCode.ResourceConflict,
                $"The workspace's root storage ({root.Root}) refused the workspace file: {exception.Message}", "workspace_id");
        }
    }
}
