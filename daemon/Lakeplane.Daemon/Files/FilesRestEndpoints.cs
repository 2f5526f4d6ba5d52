using System.Globalization;
using System.Text.Json;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Catalog.Rest;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Lakeplane.Daemon.Files;

/// <summary>
/// The Databricks Files API 2.0 for volumes: /api/2.0/fs/files/Volumes/... (PUT upload with overwrite, GET download,
/// of one byte range with a Range header (206 with Content-Range, on every driver), HEAD, DELETE) and /api/2.0/fs/directories/Volumes/... (GET list with
/// page_size / page_token, PUT create, HEAD, DELETE when empty). Translation only: decisions are the service's.
/// </summary>
public static class FilesRestEndpoints
{
    public const string FilesPrefix = "/api/2.0/fs/files";
    public const string DirectoriesPrefix = "/api/2.0/fs/directories";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPut(FilesPrefix + "/{**path}", async (HttpContext http, string path, VolumeFilesService service) =>
        {
            var (call, volume) = await ResolveAsync(http, service, "file_path", path, requireRelative: true, Privilege.WriteVolume);
            var overwrite = call.QueryBool("overwrite");
            // Files are as large as the storage allows: the body goes to the driver as it arrives, so Kestrel's cap does not apply.
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = null;
            }
            await service.UploadAsync(volume, http.Request.Body, overwrite, call.Aborted);
            return Results.NoContent();
        });
        app.MapGet(FilesPrefix + "/{**path}", async (HttpContext http, string path, VolumeFilesService service) =>
        {
            var (call, volume) = await ResolveAsync(http, service, "file_path", path, requireRelative: true, Privilege.ReadVolume);
            if (FileRanges.Requested(http.Request) is { } range)
            {
                // Asked of the driver as a range on both drivers, so a byte range of a large S3 object is not read whole.
                var info = await service.HeadAsync(volume, call.Aborted);
                if (FileRanges.Within(range, info.Length) is not { } within)
                {
                    http.Response.Headers.ContentRange = $"bytes */{info.Length.ToString(CultureInfo.InvariantCulture)}";
                    return Results.StatusCode(StatusCodes.Status416RangeNotSatisfiable);
                }
                var (offset, length) = within;
                await using var part = await service.OpenRangeAsync(volume, offset, length, call.Aborted);
                http.Response.StatusCode = StatusCodes.Status206PartialContent;
                http.Response.ContentType = "application/octet-stream";
                http.Response.ContentLength = length;
                http.Response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {offset}-{offset + length - 1}/{part.Info.Length}");
                http.Response.Headers.ETag = part.Info.ETag;
                http.Response.Headers.LastModified = part.Info.LastModified.ToString("R", CultureInfo.InvariantCulture);
                await part.Content.CopyToAsync(http.Response.Body, call.Aborted);
                return Results.Empty;
            }
            var read = await service.OpenAsync(volume, call.Aborted);
            http.Response.RegisterForDisposeAsync(read);
            http.Response.ContentLength = read.Info.Length;
            return Results.Stream(read.Content, "application/octet-stream", lastModified: read.Info.LastModified,
                entityTag: EntityTagHeaderValue.Parse(read.Info.ETag));
        });
        app.MapMethods(FilesPrefix + "/{**path}", [HttpMethods.Head], async (HttpContext http, string path, VolumeFilesService service) =>
        {
            var (call, volume) = await ResolveAsync(http, service, "file_path", path, requireRelative: true, Privilege.ReadVolume);
            var info = await service.HeadAsync(volume, call.Aborted);
            http.Response.ContentLength = info.Length;
            http.Response.ContentType = "application/octet-stream";
            http.Response.Headers.LastModified = info.LastModified.ToString("R", CultureInfo.InvariantCulture);
            http.Response.Headers.ETag = info.ETag;
            return Results.Empty;
        });
        app.MapDelete(FilesPrefix + "/{**path}", async (HttpContext http, string path, VolumeFilesService service) =>
        {
            var (call, volume) = await ResolveAsync(http, service, "file_path", path, requireRelative: true, Privilege.WriteVolume);
            await service.DeleteAsync(volume, call.Aborted);
            return Results.NoContent();
        });

        app.MapGet(DirectoriesPrefix + "/{**path}", async (HttpContext http, string path, VolumeFilesService service) =>
        {
            var (call, volume) = await ResolveAsync(http, service, "directory_path", path, requireRelative: false, Privilege.ReadVolume);
            var token = call.Query("page_token");
            var listing = await service.ListAsync(volume, token.Length == 0 ? null : token, call.QueryInt("page_size"), call.Aborted);
            await WriteListingAsync(http, volume, listing);
            return Results.Empty;
        });
        app.MapMethods(DirectoriesPrefix + "/{**path}", [HttpMethods.Head], async (HttpContext http, string path, VolumeFilesService service) =>
        {
            var (call, volume) = await ResolveAsync(http, service, "directory_path", path, requireRelative: false, Privilege.ReadVolume);
            return await service.DirectoryExistsAsync(volume, call.Aborted) ? Results.Ok() : Results.NotFound();
        });
        app.MapPut(DirectoriesPrefix + "/{**path}", async (HttpContext http, string path, VolumeFilesService service) =>
        {
            var (call, volume) = await ResolveAsync(http, service, "directory_path", path, requireRelative: false, Privilege.WriteVolume);
            await service.CreateDirectoryAsync(volume, call.Aborted);
            return Results.NoContent();
        });
        app.MapDelete(DirectoriesPrefix + "/{**path}", async (HttpContext http, string path, VolumeFilesService service) =>
        {
            var (call, volume) = await ResolveAsync(http, service, "directory_path", path, requireRelative: false, Privilege.WriteVolume);
            await service.DeleteDirectoryAsync(volume, call.Aborted);
            return Results.NoContent();
        });
    }

    private static async Task<(CatalogRestRequest Call, VolumeStorage Volume)> ResolveAsync(
        HttpContext http, VolumeFilesService service, string field, string path, bool requireRelative, string privilege)
    {
        var call = await CatalogRestRequest.OfWorkspaceAsync(http);
        var parsed = VolumePath.Parse(field, "/" + path, requireRelative);
        return (call, await service.ResolveAsync(call.Caller, call.WorkspaceId, parsed, privilege, field, call.Aborted));
    }

    /// <summary>{"contents": [{path, is_directory, file_size, last_modified, name}], "next_page_token"} as Databricks writes it.</summary>
    private static async Task WriteListingAsync(HttpContext http, VolumeStorage volume, Storage.StorageListing listing)
    {
        http.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("contents");
        var entries = listing.Prefixes.Select(prefix => (Key: prefix.Key, Path: volume.DisplayOf(prefix), Object: (Storage.StoredObjectInfo?)null))
            .Concat(listing.Objects.Select(info => (Key: info.Location.Key, Path: volume.DisplayOf(info.Location), Object: (Storage.StoredObjectInfo?)info)))
            .OrderBy(entry => entry.Key, StringComparer.Ordinal);
        foreach (var (_, path, info) in entries)
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteBoolean("is_directory", info is null);
            if (info is not null)
            {
                json.WriteNumber("file_size", info.Length);
                json.WriteNumber("last_modified", info.LastModified.ToUnixTimeMilliseconds());
            }
            json.WriteString("name", path[(path.LastIndexOf('/') + 1)..]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (listing.ContinuationToken is not null)
        {
            json.WriteString("next_page_token", listing.ContinuationToken);
        }
        json.WriteEndObject();
    }
}
