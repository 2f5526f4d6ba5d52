using Lakeplane.Daemon.Catalog;
using Lakeplane.Daemon.Catalog.Privileges;
using Lakeplane.Daemon.Identity;
using Lakeplane.Protos.V1;
using Microsoft.AspNetCore.Mvc;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>
/// The catalog explorer: metastore › catalog › schema › table/volume as a tree, the selected securable's details, columns,
/// grants and effective permissions, and grant/revoke. Every list and read goes through the catalog services with the
/// signed-in principal, so the tree holds only what the services let it see (BROWSE included), and a grant or revoke is
/// accepted or refused by GrantsService.UpdateAsync exactly as over REST.
/// </summary>
public sealed class CatalogModel(
    MetastoreAssignmentsService assignments,
    MetastoresService metastores,
    CatalogsService catalogs,
    SchemasService schemas,
    TablesService tables,
    VolumesService volumes,
    GrantsService grants,
    UserService users,
    GroupService groups,
    ServicePrincipalService servicePrincipals) : WorkspacePageModel
{
    [BindProperty(SupportsGet = true, Name = "catalog")]
    public string? CatalogName { get; set; }

    [BindProperty(SupportsGet = true, Name = "schema")]
    public string? SchemaName { get; set; }

    [BindProperty(SupportsGet = true, Name = "table")]
    public string? TableName { get; set; }

    [BindProperty(SupportsGet = true, Name = "volume")]
    public string? VolumeName { get; set; }

    public MetastoreInfo? Metastore { get; private set; }

    public IReadOnlyList<CatalogInfo> Catalogs { get; private set; } = [];

    public IReadOnlyList<SchemaInfo> Schemas { get; private set; } = [];

    public IReadOnlyList<TableInfo> Tables { get; private set; } = [];

    public IReadOnlyList<VolumeInfo> Volumes { get; private set; } = [];

    public CatalogInfo? Catalog { get; private set; }

    public SchemaInfo? Schema { get; private set; }

    public TableInfo? Table { get; private set; }

    public VolumeInfo? Volume { get; private set; }

    /// <summary>The selected securable as the grants API names it, once the services have shown it to the caller.</summary>
    public (SecurableType Type, string FullName)? Selected { get; private set; }

    public IReadOnlyList<PrivilegeAssignment> Grants { get; private set; } = [];

    public IReadOnlyList<EffectivePrivilegeAssignment> Effective { get; private set; } = [];

    public bool MayChangeGrants { get; private set; }

    /// <summary>Names a grant can go to (users, groups, service principals), as suggestions for the grant form.</summary>
    public IReadOnlyList<(string Name, string Label)> Principals { get; private set; } = [];

    public IEnumerable<string> GrantablePrivileges => Selected is { } selected
        ? Privilege.Known.Where(p => Privilege.AppliesToType(p, selected.Type)).Order(StringComparer.Ordinal)
        : [];

    public async Task OnGetAsync() => await LoadAsync();

    public Task<IActionResult> OnPostGrantAsync(string? securableType, string? fullName, string? principal, string? privilege, string? requestId) =>
        ChangeAsync(securableType, fullName, new PermissionsChange { Principal = principal?.Trim() ?? "", Add = { privilege ?? "" } }, requestId,
            $"Granted {privilege} on {fullName} to {principal}.");

    public Task<IActionResult> OnPostRevokeAsync(string? securableType, string? fullName, string? principal, string? privilege, string? requestId) =>
        ChangeAsync(securableType, fullName, new PermissionsChange { Principal = principal ?? "", Remove = { privilege ?? "" } }, requestId,
            $"Revoked {privilege} on {fullName} from {principal}.");

    public string Link(string? catalog = null, string? schema = null, string? table = null, string? volume = null)
    {
        var query = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("catalog", catalog);
        Add("schema", schema);
        Add("table", table);
        Add("volume", volume);
        return $"{Request.PathBase}/workspaces/{WorkspaceId}/catalog" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    private async Task<IActionResult> ChangeAsync(string? securableType, string? fullName, PermissionsChange change, string? requestId, string notice)
    {
        var ok = await TryAsync(() => grants.UpdateAsync(Caller, new UpdatePermissionsRequest
        {
            WorkspaceId = WorkspaceId, SecurableType = securableType ?? "", FullName = fullName ?? "", Changes = { change }, RequestId = requestId ?? "",
        }, HttpContext.RequestAborted));
        if (ok)
        {
            return Done(notice);
        }
        var error = Error;
        var status = Response.StatusCode;
        await LoadAsync();
        Error = error;
        Response.StatusCode = status;
        return Page();
    }

    private async Task LoadAsync()
    {
        var cancellation = HttpContext.RequestAborted;
        // Each level only when the one above was shown: a refusal stops the walk and is the page's error.
        if (!await TryAsync(async () =>
            {
                var assignment = await assignments.GetAsync(Caller, new GetMetastoreAssignmentRequest { WorkspaceId = WorkspaceId }, cancellation);
                Metastore = await metastores.GetAsync(Caller, new GetMetastoreRequest { WorkspaceId = WorkspaceId, MetastoreId = assignment.MetastoreId }, cancellation);
                Catalogs = (await catalogs.ListAsync(Caller, new ListCatalogsRequest { WorkspaceId = WorkspaceId, IncludeBrowse = true }, cancellation)).Catalogs;
                Selected = (SecurableType.Metastore, Metastore.MetastoreId);
            }))
        {
            return;
        }
        if (!string.IsNullOrEmpty(CatalogName) && await TryAsync(async () =>
            {
                Catalog = await catalogs.GetAsync(Caller, new GetCatalogRequest { WorkspaceId = WorkspaceId, Name = CatalogName, IncludeBrowse = true }, cancellation);
                Selected = (SecurableType.Catalog, Catalog.Name);
                Schemas = (await schemas.ListAsync(Caller, new ListSchemasRequest { WorkspaceId = WorkspaceId, CatalogName = CatalogName, IncludeBrowse = true }, cancellation)).Schemas;
            }) && !string.IsNullOrEmpty(SchemaName) && await TryAsync(async () =>
            {
                Schema = await schemas.GetAsync(Caller, new GetSchemaRequest { WorkspaceId = WorkspaceId, FullName = $"{CatalogName}.{SchemaName}", IncludeBrowse = true }, cancellation);
                Selected = (SecurableType.Schema, Schema.FullName);
                Tables = (await tables.ListAsync(Caller, new ListTablesRequest
                {
                    WorkspaceId = WorkspaceId, CatalogName = CatalogName, SchemaName = SchemaName, OmitColumns = true, OmitProperties = true, IncludeBrowse = true,
                }, cancellation)).Tables;
                Volumes = (await volumes.ListAsync(Caller, new ListVolumesRequest { WorkspaceId = WorkspaceId, CatalogName = CatalogName, SchemaName = SchemaName, IncludeBrowse = true }, cancellation)).Volumes;
            }))
        {
            if (!string.IsNullOrEmpty(TableName))
            {
                await TryAsync(async () =>
                {
                    Table = await tables.GetAsync(Caller, new GetTableRequest { WorkspaceId = WorkspaceId, FullName = $"{CatalogName}.{SchemaName}.{TableName}", IncludeBrowse = true }, cancellation);
                    Selected = (SecurableType.Table, Table.FullName);
                });
            }
            else if (!string.IsNullOrEmpty(VolumeName))
            {
                await TryAsync(async () =>
                {
                    Volume = await volumes.GetAsync(Caller, new GetVolumeRequest { WorkspaceId = WorkspaceId, Name = $"{CatalogName}.{SchemaName}.{VolumeName}", IncludeBrowse = true }, cancellation);
                    Selected = (SecurableType.Volume, Volume.FullName);
                });
            }
        }
        if (Error is not null || Selected is not { } selected)
        {
            // Nothing below the point of refusal is shown, not even its grants.
            Selected = Error is null ? Selected : null;
            return;
        }
        await TryAsync(async () =>
        {
            var type = selected.Type.ToWireName();
            Grants = (await grants.GetAsync(Caller, new GetPermissionsRequest { WorkspaceId = WorkspaceId, SecurableType = type, FullName = selected.FullName }, cancellation))
                .PrivilegeAssignments;
            Effective = (await grants.GetEffectiveAsync(Caller, new GetEffectivePermissionsRequest { WorkspaceId = WorkspaceId, SecurableType = type, FullName = selected.FullName }, cancellation))
                .PrivilegeAssignments;
            MayChangeGrants = await grants.MayChangeAsync(Caller, WorkspaceId, type, selected.FullName, cancellation);
            if (MayChangeGrants)
            {
                Principals = await PrincipalsAsync(cancellation);
            }
        });
    }

    private async Task<IReadOnlyList<(string Name, string Label)>> PrincipalsAsync(CancellationToken cancellation)
    {
        var names = new List<(string Name, string Label)>();
        names.AddRange((await users.ListAsync(Caller, new ListUsersRequest(), cancellation)).Users.Select(u => (u.UserName, "user")));
        names.AddRange((await groups.ListAsync(Caller, new ListGroupsRequest(), cancellation)).Groups.Select(g => (g.DisplayName, "group")));
        names.AddRange((await servicePrincipals.ListAsync(Caller, new ListServicePrincipalsRequest(), cancellation)).ServicePrincipals
            .Select(sp => (sp.ApplicationId, "service principal " + sp.DisplayName)));
        return names;
    }
}
