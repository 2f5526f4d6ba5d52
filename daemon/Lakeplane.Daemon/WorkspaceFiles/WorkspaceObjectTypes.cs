using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>The object types, languages and import/export formats of the Workspace API, and what an import makes of its content.</summary>
public static class WorkspaceObjectTypes
{
    public const string File = "FILE";
    public const string Notebook = "NOTEBOOK";
    public const string Directory = "DIRECTORY";

    public const string Source = "SOURCE";
    public const string Auto = "AUTO";
    public const string Raw = "RAW";

    /// <summary>Notebook languages and the extension (and export file_type) of each.</summary>
    public static readonly IReadOnlyDictionary<string, string> Languages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PYTHON"] = "py",
        ["SQL"] = "sql",
        ["SCALA"] = "scala",
        ["R"] = "r",
    };

    /// <summary>The first line Databricks writes at the top of a notebook exported as source, per language.</summary>
    private static readonly IReadOnlyDictionary<string, string> NotebookHeaders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["PYTHON"] = "# Databricks notebook source",
        ["SQL"] = "-- Databricks notebook source",
        ["SCALA"] = "// Databricks notebook source",
        ["R"] = "# Databricks notebook source",
    };

    /// <summary>What an import creates: its final path (AUTO drops a notebook's extension, as Databricks does), type and language.</summary>
    public sealed record ImportTarget(string Path, string ObjectType, string Language);

    public static ImportTarget Classify(string path, string format, string language, ReadOnlySpan<byte> content)
    {
        var normalisedFormat = format.Length == 0 ? Source : format.ToUpperInvariant();
        var normalisedLanguage = language.ToUpperInvariant();
        if (normalisedLanguage.Length > 0 && !Languages.ContainsKey(normalisedLanguage))
        {
            throw LakeplaneException.Invalid("language", $"language '{language}' is not a notebook language: use PYTHON, SQL, SCALA or R.");
        }
        switch (normalisedFormat)
        {
            case Source:
                if (normalisedLanguage.Length == 0)
                {
                    throw LakeplaneException.Invalid("language",
                        "language is required with format SOURCE (a notebook): PYTHON, SQL, SCALA or R. To import a file, use format AUTO or RAW.");
                }
                return new ImportTarget(path, Notebook, normalisedLanguage);
            case Raw:
                if (normalisedLanguage.Length > 0)
                {
                    throw LakeplaneException.Invalid("language", "language applies to notebooks only: format RAW imports a file. Leave language out, or use format SOURCE for a notebook.");
                }
                return new ImportTarget(path, File, "");
            case Auto:
                if (normalisedLanguage.Length > 0)
                {
                    return new ImportTarget(path, Notebook, normalisedLanguage);
                }
                var detected = DetectNotebook(path, content);
                return detected is null
                    ? new ImportTarget(path, File, "")
                    : new ImportTarget(path[..path.LastIndexOf('.')], Notebook, detected);
            case "HTML" or "JUPYTER" or "DBC" or "R_MARKDOWN":
                throw LakeplaneException.Invalid("format", $"format {normalisedFormat} is not supported by Lakeplane: use SOURCE (notebooks), AUTO or RAW.");
            default:
                throw LakeplaneException.Invalid("format", $"format '{format}' is not a workspace import format: use SOURCE, AUTO or RAW.");
        }
    }

    /// <summary>The export file_type: a notebook's language extension, a file's own extension (or none).</summary>
    public static string FileType(string path, string objectType, string language)
    {
        if (objectType == Notebook)
        {
            return Languages.GetValueOrDefault(language, "");
        }
        var name = WorkspacePaths.Name(path);
        var dot = name.LastIndexOf('.');
        return dot > 0 ? name[(dot + 1)..] : "";
    }

    /// <summary>AUTO: a .py/.sql/.scala/.r file that starts with Databricks' notebook header is a notebook of that language.</summary>
    private static string? DetectNotebook(string path, ReadOnlySpan<byte> content)
    {
        var name = WorkspacePaths.Name(path);
        var dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            return null;
        }
        var extension = name[(dot + 1)..].ToLowerInvariant();
        var language = Languages.FirstOrDefault(pair => pair.Value == extension).Key;
        if (language is null)
        {
            return null;
        }
        var head = System.Text.Encoding.UTF8.GetString(content[..Math.Min(content.Length, 64)]).TrimStart('\uFEFF');
        return head.StartsWith(NotebookHeaders[language], StringComparison.Ordinal) ? language : null;
    }
}
