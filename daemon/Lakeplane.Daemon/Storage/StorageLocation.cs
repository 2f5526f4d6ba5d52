namespace Lakeplane.Daemon.Storage;

/// <summary>
/// One place in a bucket: <c>s3://bucket/key</c>. Keys never start with '/'; an empty key is the bucket's root.
/// Parsing does not validate bucket naming rules (the catalog's <c>StorageUrls</c> does that for user input).
/// </summary>
public sealed record StorageLocation(string Bucket, string Key)
{
    public const string Scheme = "s3://";

    public static StorageLocation Parse(string url)
    {
        if (!url.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"'{url}' is not an s3:// location.");
        }
        var rest = url[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? new StorageLocation(rest, "") : new StorageLocation(rest[..slash], rest[(slash + 1)..]);
    }

    /// <summary>The location <paramref name="relativePath"/> below this one ("a/b" under "root" is "root/a/b").</summary>
    public StorageLocation Child(string relativePath)
    {
        var child = relativePath.TrimStart('/');
        return this with { Key = Key.Length == 0 ? child : Key.TrimEnd('/') + "/" + child };
    }

    public override string ToString() => Scheme + Bucket + (Key.Length == 0 ? "" : "/" + Key);
}
