using System.Buffers.Text;
using System.Text;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// Lists a <c>local</c> bucket's directory as S3 lists a prefix: keys in ordinal order, with delimiter '/' folding
/// sub-directories into prefixes unless recursive, resumed after the last key of the previous page. The walk is
/// lazy and skips whole sub-trees that lie before the resume point, so a page costs the directories it touches,
/// not the bucket.
/// </summary>
internal static class LocalListing
{
    /// <summary>One entry of a page: an object (a file) or, when not recursive, a sub-prefix (a directory).</summary>
    public readonly record struct Entry(string Key, bool IsPrefix, FileInfo? File);

    public static IEnumerable<Entry> Walk(string directory, string keyPrefix, bool recursive, string? after)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }
        var children = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            // Links could point outside the bucket; the driver never creates them, so they are not objects.
            .Where(entry => entry.LinkTarget is null)
            .Select(entry => (Key: keyPrefix + entry.Name + (entry is DirectoryInfo ? "/" : ""), Entry: entry))
            .OrderBy(child => child.Key, StringComparer.Ordinal);
        foreach (var (key, entry) in children)
        {
            if (entry is FileInfo file)
            {
                if (IsAfter(key, after))
                {
                    yield return new Entry(key, false, file);
                }
                continue;
            }
            if (!recursive)
            {
                if (IsAfter(key, after))
                {
                    yield return new Entry(key, true, null);
                }
                continue;
            }
            // Every key below this directory starts with its key: skip the sub-tree when the resume point is past it.
            if (after is not null && string.CompareOrdinal(after, key) > 0 && !after.StartsWith(key, StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var below in Walk(entry.FullName, key, recursive, after))
            {
                yield return below;
            }
        }
    }

    public static string Token(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    /// <summary>The last key of the previous page; a token this driver did not issue is refused.</summary>
    public static string? ResumeAfter(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
            throw new ArgumentException($"The continuation token '{token}' was not issued by this listing: pass the one the previous page returned.", nameof(token));
        }
    }

    private static bool IsAfter(string key, string? after) => after is null || string.CompareOrdinal(key, after) > 0;
}
