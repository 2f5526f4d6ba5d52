using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// s3:// locations: normalised (no trailing slash, bucket lower-case) so that containment is a prefix test at a path
/// boundary: s3://b/a contains s3://b/a/x but not s3://b/ab.
/// </summary>
public static class StorageUrls
{
    public static string Normalise(string field, string url)
    {
        const string scheme = "s3://";
        var trimmed = url.Trim();
        if (!trimmed.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw LakeplaneException.Invalid(field, $"{field} '{url}' is not an S3 location: write it as s3://<bucket>/<path>.");
        }
        var rest = trimmed[scheme.Length..].TrimEnd('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[slash..];
        if (bucket.Length < 3 || bucket.Length > 63 || !bucket.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            throw LakeplaneException.Invalid(field, $"{field} '{url}' has no valid bucket name: s3://<bucket>/... with 3-63 letters, digits, '-' or '.'.");
        }
        if (path.Contains("//", StringComparison.Ordinal) || path.Any(char.IsControl))
        {
            throw LakeplaneException.Invalid(field, $"{field} '{url}' has an empty path segment or a control character: remove it.");
        }
        return scheme + bucket.ToLowerInvariant() + path;
    }

    /// <summary>True when <paramref name="inner"/> is <paramref name="outer"/> or lies below it.</summary>
    public static bool Contains(string outer, string inner) =>
        inner == outer || inner.StartsWith(outer + "/", StringComparison.Ordinal);

    public static bool Overlap(string a, string b) => Contains(a, b) || Contains(b, a);
}
