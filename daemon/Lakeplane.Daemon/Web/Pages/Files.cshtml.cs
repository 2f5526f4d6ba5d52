using System.Text;
using Google.Protobuf;
using Lakeplane.Daemon.WorkspaceFiles;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>Workspace files and notebooks: browse directories, read a file's or notebook's source, upload and make folders,
/// all through <see cref="WorkspaceObjectService"/> (the Workspace API's own service) with the signed-in principal.</summary>
public sealed class FilesModel(WorkspaceObjectService objects) : WorkspacePageModel
{
    /// <summary>Sources above this size are offered as a download, not shown inline.</summary>
    private const int MaxShownBytes = 512 * 1024;

    [BindProperty(SupportsGet = true, Name = "path")]
    public string? RequestedPath { get; set; }

    public string Path => string.IsNullOrEmpty(RequestedPath) ? "/" : RequestedPath;

    public WorkspaceObjectInfo? Current { get; private set; }

    public IReadOnlyList<WorkspaceObjectInfo> Children { get; private set; } = [];

    /// <summary>The source as text, or null when it is not UTF-8 text (or too large to show).</summary>
    public string? Source { get; private set; }

    public long SourceBytes { get; private set; }

    public bool IsDirectory => Current is null || Current.ObjectType == WorkspaceObjectTypes.Directory;

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>The raw content as a download (same export call).</summary>
    public async Task<IActionResult> OnGetDownloadAsync()
    {
        ExportWorkspaceObjectResponse? export = null;
        if (!await TryAsync(async () => export = await objects.ExportAsync(Caller, new ExportWorkspaceObjectRequest { WorkspaceId = WorkspaceId, Path = Path, Format = "RAW" }, HttpContext.RequestAborted)))
        {
            return Page();
        }
        return File(export!.Content.ToByteArray(), "application/octet-stream", System.IO.Path.GetFileName(Path));
    }

    public async Task<IActionResult> OnPostUploadAsync(IFormFile? upload, string? name, string? format, string? language, bool overwrite, string? requestId)
    {
        var target = "";
        var ok = await TryAsync(async () =>
        {
            if (upload is null || upload.Length == 0)
            {
                throw Errors.LakeplaneException.Invalid("content", "Choose a file to upload (it must not be empty).");
            }
            if (upload.Length > WorkspaceObjectService.MaxContentBytes)
            {
                throw Errors.LakeplaneException.Invalid("content", $"{upload.FileName} is {upload.Length:N0} bytes: workspace files hold at most {WorkspaceObjectService.MaxContentBytes:N0} bytes.");
            }
            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, HttpContext.RequestAborted);
            var fileName = string.IsNullOrWhiteSpace(name) ? System.IO.Path.GetFileName(upload.FileName) : name.Trim();
            target = (Path.TrimEnd('/') + "/" + fileName).Replace("//", "/", StringComparison.Ordinal);
            var imported = await objects.ImportAsync(Caller, new ImportWorkspaceObjectRequest
            {
                WorkspaceId = WorkspaceId, Path = target, Format = string.IsNullOrEmpty(format) ? "AUTO" : format, Language = language ?? "",
                Content = ByteString.CopyFrom(buffer.ToArray()), Overwrite = overwrite, RequestId = requestId ?? "",
            }, HttpContext.RequestAborted);
            // AUTO may have made a notebook and dropped the extension, as Databricks does: say what was made, where.
            target = imported.ObjectType == WorkspaceObjectTypes.Notebook ? $"{imported.Path} as a {imported.Language} notebook" : imported.Path;
        });
        return ok ? Done($"Uploaded {target}.") : await ShowAgainAsync();
    }

    public async Task<IActionResult> OnPostMkdirAsync(string? folder, string? requestId)
    {
        var target = (Path.TrimEnd('/') + "/" + folder?.Trim()).Replace("//", "/", StringComparison.Ordinal);
        var ok = await TryAsync(() => objects.MkdirsAsync(Caller, new MkdirsWorkspaceRequest { WorkspaceId = WorkspaceId, Path = target, RequestId = requestId ?? "" }, HttpContext.RequestAborted));
        return ok ? Done($"Created folder {target}.") : await ShowAgainAsync();
    }

    public string Link(string path) => $"{Request.PathBase}/workspaces/{WorkspaceId}/files?path={Uri.EscapeDataString(path)}";

    /// <summary>Each directory above the current path, for the breadcrumb trail.</summary>
    public IEnumerable<(string Name, string Path)> Crumbs()
    {
        yield return ("Workspace", "/");
        var path = "";
        foreach (var part in Path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path += "/" + part;
            yield return (part, path);
        }
    }

    private async Task<IActionResult> ShowAgainAsync()
    {
        var (error, status) = (Error, Response.StatusCode);
        await LoadAsync();
        (Error, Response.StatusCode) = (error, status);
        return Page();
    }

    private async Task LoadAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        if (!await TryAsync(async () => Current = await objects.GetStatusAsync(Caller, new GetWorkspaceObjectStatusRequest { WorkspaceId = WorkspaceId, Path = Path }, cancellation)))
        {
            return;
        }
        if (IsDirectory)
        {
            await TryAsync(async () => Children = (await objects.ListAsync(Caller, new ListWorkspaceObjectsRequest { WorkspaceId = WorkspaceId, Path = Path }, cancellation))
                .OrderBy(o => o.ObjectType == WorkspaceObjectTypes.Directory ? 0 : 1).ThenBy(o => o.Path, StringComparer.Ordinal).ToList());
            return;
        }
        await TryAsync(async () =>
        {
            var export = await objects.ExportAsync(Caller, new ExportWorkspaceObjectRequest { WorkspaceId = WorkspaceId, Path = Path, Format = "SOURCE" }, cancellation);
            SourceBytes = export.Content.Length;
            if (SourceBytes <= MaxShownBytes)
            {
                try
                {
                    Source = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(export.Content.Span);
                }
                catch (DecoderFallbackException)
                {
                    Source = null;
                }
            }
        });
    }
}
