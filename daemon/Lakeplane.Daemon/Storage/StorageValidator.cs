using System.Text;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// Checks that a location is usable before the control plane hands it out: writes a probe object under it, reads it
/// back, deletes it (a read-only location is listed instead). A failure becomes INVALID_PARAMETER_VALUE on the field
/// that named the location, with the driver's message (bucket missing, access denied, endpoint unreachable) naming the
/// bucket.
/// </summary>
public sealed class StorageValidator(IStorageDriver driver, DaemonSettings settings)
{
    /// <summary>Where probes go, below the location checked; deleted at once, so never seen by a listing that follows.</summary>
    public const string ProbePrefix = ".lakeplane-probe";

    /// <summary>
    /// Whether the daemon's own authority is the one that uses the bucket. Not so on AWS with roles: there the workspace's
    /// role is, and a storage configuration (which names no role) is checked when a workspace is provisioned on it.
    /// </summary>
    public bool DaemonAccessIsAuthoritative => driver.Name != "s3" || !settings.Storage.S3AssumeRole;

    /// <param name="field">The request field that named the location, e.g. bucket_name or url.</param>
    /// <param name="hint">What the caller can do besides fixing the location, e.g. "or set skip_validation".</param>
    public async Task ProbeAsync(StorageAccess access, StorageLocation root, bool writable, string field, string hint, CancellationToken cancellationToken)
    {
        try
        {
            if (!writable)
            {
                await driver.ListAsync(access, root, recursive: false, null, 1, cancellationToken);
                return;
            }
            var probe = root.Child(ProbePrefix + "/" + Guid.NewGuid().ToString("N"));
            var content = Encoding.UTF8.GetBytes("lakeplane storage probe " + probe);
            await driver.PutAsync(access, probe, new MemoryStream(content, writable: false), cancellationToken);
            try
            {
                await using var read = await driver.OpenReadAsync(access, probe, cancellationToken);
                if (read is null || !await SameAsync(read.Content, content, cancellationToken))
                {
                    throw new StorageException(StorageFailure.Other, root.Bucket,
                        $"An object written to bucket '{root.Bucket}' did not read back the same: the storage behind {root} does not keep what it is given.");
                }
            }
            finally
            {
                await driver.DeleteAsync(access, probe, CancellationToken.None);
                // The local driver keeps directories until their marker is deleted; on S3 there is none to delete.
                await driver.DeleteAsync(access, root.Child(ProbePrefix + "/"), CancellationToken.None);
            }
        }
        catch (StorageException exception)
        {
            throw LakeplaneException.Invalid(field, $"{field}: {root} failed validation: {exception.Message}{hint}");
        }
        catch (ArgumentException exception)
        {
            // A location this driver cannot address at all (e.g. a bucket name the local driver cannot map to a directory).
            throw LakeplaneException.Invalid(field, $"{field}: {root} cannot be used: {exception.Message}");
        }
    }

    private static async Task<bool> SameAsync(Stream stream, byte[] expected, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray().AsSpan().SequenceEqual(expected);
    }
}
