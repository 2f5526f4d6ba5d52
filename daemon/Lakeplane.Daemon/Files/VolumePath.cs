using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Files;

/// <summary>
/// A path of the Files API, <c>/Volumes/&lt;catalog&gt;/&lt;schema&gt;/&lt;volume&gt;/&lt;relative path&gt;</c>, checked so that
/// the relative part stays inside the volume: no empty, '.' or '..' segments, no control characters.
/// </summary>
public sealed record VolumePath(string Catalog, string Schema, string Volume, string Relative)
{
    private const string Root = "/Volumes/";

    /// <summary>The path as the API shows it: /Volumes/c/s/v/a/b.</summary>
    public string Display => Root + Catalog + "/" + Schema + "/" + Volume + (Relative.Length == 0 ? "" : "/" + Relative);

    public string FullVolumeName => Catalog + "." + Schema + "." + Volume;

    /// <param name="field">file_path or directory_path, as the Databricks API names them.</param>
    /// <param name="requireRelative">A file must name something inside the volume; a directory may be the volume itself.</param>
    public static VolumePath Parse(string field, string path, bool requireRelative)
    {
        if (!path.StartsWith(Root, StringComparison.Ordinal))
        {
            throw LakeplaneException.Invalid(field, $"{field} '{path}' is not a volume path: write it as /Volumes/<catalog>/<schema>/<volume>/<path>.");
        }
        var segments = path[Root.Length..].TrimEnd('/').Split('/');
        if (segments.Length < 3 || (requireRelative && segments.Length < 4))
        {
            throw LakeplaneException.Invalid(field, requireRelative
                ? $"{field} '{path}' names no file: write /Volumes/<catalog>/<schema>/<volume>/<path to the file>."
                : $"{field} '{path}' names no volume: write /Volumes/<catalog>/<schema>/<volume>[/<directory>].");
        }
        foreach (var segment in segments)
        {
            if (segment.Length == 0 || segment is "." or ".." || segment.Any(char.IsControl))
            {
                throw LakeplaneException.Invalid(field, $"{field} '{path}' has an empty, '.' or '..' segment or a control character: name each directory once, with '/' between.");
            }
        }
        return new VolumePath(segments[0], segments[1], segments[2], string.Join('/', segments.Skip(3)));
    }
}
