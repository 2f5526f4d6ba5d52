using System.Text;

namespace Lakeplane.Daemon.Storage;

/// <summary>
/// Maps <c>s3://bucket/key</c> to a path of the <c>local</c> driver (&lt;root&gt;/&lt;bucket&gt;/&lt;key&gt;) and refuses every
/// bucket or key that could leave the bucket's directory: "..", ".", empty segments, a leading '/', NUL. Keys ending
/// in '/' are directory markers (S3's zero-byte "folder" objects); on disk they are the directory itself.
/// </summary>
internal static class LocalObjectPaths
{
    /// <summary>S3's own limit on a key, in UTF-8 bytes.</summary>
    private const int MaxKeyBytes = 1024;

    /// <summary>The bucket's directory; the bucket name is checked so that it is one plain path segment.</summary>
    public static string BucketDirectory(string root, string bucket)
    {
        var valid = bucket.Length is >= 3 and <= 63
            && char.IsAsciiLetterOrDigit(bucket[0])
            && bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
            && !bucket.Contains("..", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException($"'{bucket}' is not a valid bucket name: 3-63 lowercase letters, digits, '-' or '.', starting with a letter or digit.", nameof(bucket));
        }
        return Path.Combine(root, bucket);
    }

    /// <summary>The file (or, for a marker key ending in '/', the directory) that holds <paramref name="location"/>.</summary>
    public static string ObjectPath(string root, StorageLocation location)
    {
        var bucketDirectory = BucketDirectory(root, location.Bucket);
        var key = location.Key;
        if (key.Length == 0)
        {
            return bucketDirectory;
        }
        ValidateKey(location);
        var path = Path.GetFullPath(Path.Combine(bucketDirectory, key.TrimEnd('/')));
        // Belt and braces after the segment checks: whatever the key, the path stays inside the bucket.
        if (!path.StartsWith(bucketDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' leads outside bucket '{location.Bucket}'.", nameof(location));
        }
        return path;
    }

    /// <summary>The directory a listing of <paramref name="prefix"/> walks, and the key every entry in it starts with.</summary>
    public static (string Directory, string KeyPrefix) ListingDirectory(string root, StorageLocation prefix)
    {
        if (prefix.Key.Length == 0)
        {
            return (BucketDirectory(root, prefix.Bucket), "");
        }
        var keyPrefix = prefix.Key.TrimEnd('/') + "/";
        return (ObjectPath(root, prefix with { Key = keyPrefix }), keyPrefix);
    }

    public static bool IsMarker(string key) => key.EndsWith('/');

    private static void ValidateKey(StorageLocation location)
    {
        var key = location.Key;
        string? problem = null;
        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            problem = $"is longer than {MaxKeyBytes} bytes";
        }
        else if (key.StartsWith('/'))
        {
            problem = "starts with '/'";
        }
        else if (key.Contains('\0', StringComparison.Ordinal))
        {
            problem = "contains a NUL character";
        }
        else
        {
            var segments = key.TrimEnd('/').Split('/');
            if (segments.Any(segment => segment.Length == 0))
            {
                problem = "has an empty path segment ('//')";
            }
            else if (segments.Any(segment => segment is "." or ".."))
            {
                problem = "has a '.' or '..' path segment";
            }
            else if (key.EndsWith("//", StringComparison.Ordinal))
            {
                problem = "ends with '//'";
            }
        }
        if (problem is not null)
        {
            throw new ArgumentException($"The key '{key}' in bucket '{location.Bucket}' {problem}: keys are '/'-separated names without empty, '.' or '..' segments.", nameof(location));
        }
    }
}
