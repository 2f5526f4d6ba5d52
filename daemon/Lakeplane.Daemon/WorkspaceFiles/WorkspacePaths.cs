using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>
/// Paths of a workspace's tree: absolute, '/'-separated, no empty, "." or ".." segments, no trailing '/', no control
/// characters. The root "/" always exists and is never stored.
/// </summary>
public static class WorkspacePaths
{
    public const string Root = "/";
    public const int MaxLength = 4096;
    public const int MaxSegmentLength = 255;

    /// <summary>The path, checked; INVALID_PARAMETER_VALUE naming <paramref name="field"/> and the fix otherwise.</summary>
    public static string Validate(string field, string path)
    {
        if (path.Length == 0)
        {
            throw LakeplaneException.Invalid(field, $"{field} is required: an absolute workspace path such as /Shared/etl.py.");
        }
        if (path[0] != '/')
        {
            throw LakeplaneException.Invalid(field, $"{field} '{Shown(path)}' is not absolute: workspace paths start with '/', e.g. /Shared/{Shown(path)}.");
        }
        if (path.Length > MaxLength)
        {
            throw LakeplaneException.Invalid(field, $"{field} is {path.Length} characters long: at most {MaxLength} are allowed.");
        }
        if (path == Root)
        {
            return path;
        }
        if (path.EndsWith('/'))
        {
            throw LakeplaneException.Invalid(field, $"{field} '{Shown(path)}' ends with '/': leave it out ({Shown(path.TrimEnd('/'))}).");
        }
        foreach (var segment in path[1..].Split('/'))
        {
            if (segment.Length == 0)
            {
                throw LakeplaneException.Invalid(field, $"{field} '{Shown(path)}' has an empty segment ('//'): separate names with a single '/'.");
            }
            if (segment is "." or "..")
            {
                throw LakeplaneException.Invalid(field, $"{field} '{Shown(path)}' contains '{segment}': give the absolute path without '.' or '..' segments.");
            }
            if (segment.Length > MaxSegmentLength)
            {
                throw LakeplaneException.Invalid(field, $"{field} has a name of {segment.Length} characters: at most {MaxSegmentLength} per name.");
            }
            if (segment.Any(char.IsControl))
            {
                throw LakeplaneException.Invalid(field, $"{field} '{Shown(path)}' contains a control character: use printable characters only.");
            }
        }
        return path;
    }

    /// <summary>The directory holding <paramref name="path"/> ("/" for a top-level name); null for the root.</summary>
    public static string? Parent(string path)
    {
        if (path == Root)
        {
            return null;
        }
        var slash = path.LastIndexOf('/');
        return slash == 0 ? Root : path[..slash];
    }

    /// <summary>The last segment of a path other than the root.</summary>
    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Child(string directory, string name) => directory == Root ? Root + name : directory + "/" + name;

    /// <summary>Every directory above <paramref name="path"/>, from the top down, without the root.</summary>
    public static IEnumerable<string> Ancestors(string path)
    {
        for (var slash = path.IndexOf('/', 1); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }
    }

    /// <summary>A path as messages show it: control characters made visible, long ones shortened.</summary>
    private static string Shown(string path)
    {
        var visible = new string(path.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return visible.Length <= 200 ? visible : visible[..200] + "...";
    }
}
