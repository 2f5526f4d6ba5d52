using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// Volumes, managed or external, like tables: USE_CATALOG and USE_SCHEMA on the parents for every call; READ_VOLUME to
/// read one, CREATE_VOLUME on the schema (and CREATE_EXTERNAL_VOLUME on the location for an external one) to create
/// one, MANAGE or ownership to change or delete one.
/// </summary>
public sealed class VolumesService(CatalogCalls calls)
{
    private const string Kind = ObjectKinds.Volume;
    private static readonly IReadOnlySet<string> VolumeTypes = new HashSet<string>(StringComparer.Ordinal) { "MANAGED", "EXTERNAL" };

    public Task<VolumeInfo> CreateAsync(AuthenticatedPrincipal caller, CreateVolumeRequest request, CancellationToken cancellationToken)
    {
        var name = CatalogNames.Securable("name", request.Name);
        var catalogName = CatalogNames.Securable("catalog_name", request.CatalogName);
        var schemaName = CatalogNames.Securable("schema_name", request.SchemaName);
        if (request.VolumeType.Length == 0)
        {
            throw LakeplaneException.Invalid("volume_type", "volume_type is required: MANAGED or EXTERNAL.");
        }
        var volumeType = TableColumns.Upper("volume_type", request.VolumeType, "", VolumeTypes);
        CatalogValidation.Comment(request.Comment);
        var location = ExternalLocationsService.StorageLocationFor(volumeType == "EXTERNAL", request.StorageLocation, "volume");
        return calls.WriteAsync(caller, request.WorkspaceId, "volume.create", request.RequestId, request, async (session, transaction) =>
        {
            var catalog = await session.CatalogAsync(catalogName, "catalog_name", cancellationToken);
            var schema = await session.SchemaAsync(catalog, schemaName, "schema_name", cancellationToken);
            TablesService.RequireUse(session, catalog, schema);
            session.Require(schema.Path, Privilege.CreateVolume);
            var scope = ObjectKinds.SchemaScope(schema.Id);
            if (await transaction.FindByNameAsync(Kind, session.AccountId, scope, name, cancellationToken) is not null)
            {
                throw LakeplaneException.AlreadyExists("name", $"Volume '{schema.Securable.FullName}.{name}' already exists: choose another name, or import the existing one.");
            }
            var id = Guid.NewGuid().ToString();
            if (location.Length > 0)
            {
                var under = await ExternalLocationsService.RequireExternalUseAsync(session, location, "storage_location", Privilege.CreateExternalVolume, cancellationToken);
                await ExternalLocationsService.RecordUseAsync(transaction, session, under, id, SecurableType.Volume, cancellationToken);
            }
            var now = calls.Now();
            var volume = new VolumeInfo
            {
                Name = name,
                VolumeId = id,
                MetastoreId = session.MetastoreId,
                VolumeType = volumeType,
                StorageLocation = location.Length > 0 ? location : schema.Info.StorageLocation + "/volumes/" + id,
                Owner = session.Identity.Name,
                Comment = request.Comment,
                CreatedAt = now,
                CreatedBy = session.Identity.Name,
                UpdatedAt = now,
                UpdatedBy = session.Identity.Name,
            };
            var row = await transaction.InsertAsync(Kind, id, session.AccountId, scope, name, CatalogRows.Serialize(volume), cancellationToken);
            return new MutationOutcome<VolumeInfo>(Present(volume, catalogName, schemaName, row.Version, false), Kind, id, $"full_name={catalogName}.{schemaName}.{name}");
        }, cancellationToken);
    }

    public Task<VolumeInfo> GetAsync(AuthenticatedPrincipal caller, GetVolumeRequest request, CancellationToken cancellationToken) =>
        calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var (catalog, schema, volume, browseOnly) = await SchemaChildReads.GetAsync(
                session, request.Name, "name", Privilege.ReadVolume, request.IncludeBrowse, session.VolumeAsync, cancellationToken);
            return Present(volume.Info, catalog.Info.Name, schema.Info.Name, volume.Row.Version, browseOnly);
        }, cancellationToken);

    public Task<ListVolumesResponse> ListAsync(AuthenticatedPrincipal caller, ListVolumesRequest request, CancellationToken cancellationToken)
    {
        var catalogName = CatalogNames.Securable("catalog_name", request.CatalogName);
        var schemaName = CatalogNames.Securable("schema_name", request.SchemaName);
        var pageSize = CatalogPaging.PageSize(request.MaxResults);
        var after = CatalogPaging.After(request.PageToken);
        return calls.ReadAsync(caller, request.WorkspaceId, async session =>
        {
            var (visible, next) = await SchemaChildReads.ListAsync<VolumeInfo>(
                session, Kind, SecurableType.Volume, Privilege.ReadVolume, catalogName, schemaName, after, pageSize, request.IncludeBrowse, cancellationToken);
            var response = new ListVolumesResponse { NextPageToken = next };
            response.Volumes.AddRange(visible.Select(child => Present(child.Node.Info, catalogName, schemaName, child.Node.Row.Version, child.BrowseOnly)));
            return response;
        }, cancellationToken);
    }

    public Task<VolumeInfo> UpdateAsync(AuthenticatedPrincipal caller, UpdateVolumeRequest request, CancellationToken cancellationToken)
    {
        var newName = request.HasNewName ? CatalogNames.Securable("new_name", request.NewName) : null;
        if (request.HasComment)
        {
            CatalogValidation.Comment(request.Comment);
        }
        return calls.WriteAsync(caller, request.WorkspaceId, "volume.update", request.RequestId, request, async (session, transaction) =>
        {
            var (catalog, schema, name) = await session.ParentsOfAsync(request.Name, "name", cancellationToken);
            var volume = await session.VolumeAsync(schema, name, "name", cancellationToken);
            TablesService.RequireUse(session, catalog, schema);
            session.Require(volume.Path, Privilege.Manage);
            var version = AccountObjects.ExpectedVersion(request.ExpectedVersion, volume.Row, $"Volume '{volume.Securable.FullName}'");
            var info = volume.Info.Clone();
            if (newName is not null && newName != info.Name)
            {
                if (await transaction.FindByNameAsync(Kind, session.AccountId, volume.Row.Scope, newName, cancellationToken) is not null)
                {
                    throw LakeplaneException.AlreadyExists("new_name", $"Volume '{schema.Securable.FullName}.{newName}' already exists: choose another new_name.");
                }
                info.Name = newName;
            }
            if (request.HasOwner)
            {
                info.Owner = await CatalogValidation.OwnerAsync(session, request.Owner, cancellationToken);
            }
            if (request.HasComment)
            {
                info.Comment = request.Comment;
            }
            info.UpdatedAt = calls.Now();
            info.UpdatedBy = session.Identity.Name;
            var row = await transaction.UpdateAsync(Kind, volume.Id, version, info.Name, CatalogRows.Serialize(info), cancellationToken);
            return new MutationOutcome<VolumeInfo>(Present(info, catalog.Info.Name, schema.Info.Name, row.Version, false), Kind, volume.Id,
                $"full_name={schema.Securable.FullName}.{info.Name}");
        }, cancellationToken);
    }

    public Task<DeleteResponse> DeleteAsync(AuthenticatedPrincipal caller, DeleteVolumeRequest request, CancellationToken cancellationToken) =>
        calls.WriteAsync(caller, request.WorkspaceId, "volume.delete", request.RequestId, request, async (session, transaction) =>
        {
            var (catalog, schema, name) = await session.ParentsOfAsync(request.Name, "name", cancellationToken);
            var volume = await session.VolumeAsync(schema, name, "name", cancellationToken);
            TablesService.RequireUse(session, catalog, schema);
            session.Require(volume.Path, Privilege.Manage);
            AccountObjects.ExpectedVersion(request.ExpectedVersion, volume.Row, $"Volume '{volume.Securable.FullName}'");
            await CatalogRows.DeleteWithGrantsAsync(transaction, volume.Row, cancellationToken);
            return new MutationOutcome<DeleteResponse>(new DeleteResponse(), Kind, volume.Id, "full_name=" + volume.Securable.FullName);
        }, cancellationToken);

    private static VolumeInfo Present(VolumeInfo stored, string catalogName, string schemaName, long version, bool browseOnly)
    {
        var info = stored.Clone();
        info.CatalogName = catalogName;
        info.SchemaName = schemaName;
        info.FullName = $"{catalogName}.{schemaName}.{info.Name}";
        info.Version = version;
        info.BrowseOnly = browseOnly;
        return info;
    }
}
