using System.Runtime.Versioning;
using System.Security.Cryptography;
using Lakeplane.Daemon.Hosting;

namespace Lakeplane.Daemon.WorkspaceFiles.Encryption;

/// <summary>
/// The key that wraps every workspace's data key (unless KMS does): 32 random bytes in a file only the daemon's user may
/// read. Created on first start; on later starts a file that others may read, or of the wrong size, stops the daemon:
/// a leaked or truncated key must be noticed by the operator, not papered over.
/// </summary>
public sealed class MasterKey
{
    public const int Length = 32;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly byte[] _key;

    private MasterKey(string path, byte[] key, bool created)
    {
        FilePath = path;
        _key = key;
        Created = created;
    }

    public string FilePath { get; }

    /// <summary>Whether this start created the file.</summary>
    public bool Created { get; }

    internal ReadOnlySpan<byte> Key => _key;

    /// <summary>Reads the key file, or creates it (mode 0600) when there is none. Throws <see cref="StartupRefusedException"/>
    /// when the file is open to group or others, or is not exactly <see cref="Length"/> bytes.</summary>
    public static MasterKey LoadOrCreate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new StartupRefusedException("lakeplaned protects its master key file with POSIX permissions (mode 0600): run it on Linux or macOS.");
        }
        if (!File.Exists(path))
        {
            if (TryCreate(path) is { } created)
            {
                return created;
            }
        }
        return Load(path);
    }

    [UnsupportedOSPlatform("windows")]
    private static MasterKey? TryCreate(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written in full to a private temporary file, then moved into place: a crash never leaves a short key file,
        // and of two daemons starting at once on one data directory, one key wins and both use it.
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var key = RandomNumberGenerator.GetBytes(Length);
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
                   {
                       Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly,
                   }))
            {
                stream.Write(key);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: false);
            return new MasterKey(path, key, created: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new StartupRefusedException($"Cannot create the master key file {path}: {exception.Message} Make its directory writable by lakeplaned, or set LAKEPLANE_MASTER_KEY_FILE.", exception);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static MasterKey Load(string path)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            throw new StartupRefusedException(
                $"The master key file {path} has mode {Octal(mode)}: group or others may use it. It must be readable by lakeplaned's user only: run chmod 600 {path}, then start again.");
        }
        byte[] key;
        try
        {
            key = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusedException($"Cannot read the master key file {path}: {exception.Message}", exception);
        }
        if (key.Length != Length)
        {
            throw new StartupRefusedException(
                $"The master key file {path} is {key.Length} bytes, not {Length}: it is not a Lakeplane master key (truncated or replaced). Restore the original file; " +
                "without it the workspace files of this store cannot be decrypted.");
        }
        return new MasterKey(path, key, created: false);
    }

    private static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0x1FF, 8);
}
