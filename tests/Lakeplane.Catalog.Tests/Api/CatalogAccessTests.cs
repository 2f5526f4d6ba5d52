using Grpc.Core;
using Lakeplane.Catalog.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Catalog.Tests.Api;

/// <summary>Inheritance, groups, owners, metastore admins, filtered listing and isolation between workspaces and
/// metastores, over gRPC against a real daemon.</summary>
public abstract class CatalogAccessTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon> where TDaemon : DaemonFixture
{
    private Task<CatalogWorld> WorldAsync(string region = "us-east-1") => CatalogWorld.OfAsync(daemon, region);

    private static GetTableRequest Get(CatalogWorld w, string fullName) => new() { WorkspaceId = w.WorkspaceId, FullName = fullName };

    [Fact]
    public async Task Catalog_grant_reaches_a_table_created_later()
    {
        var w = await WorldAsync();
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        var reader = await w.UserAsync("reader");
        await w.GrantAsync("catalog", catalog, reader.GrantName, "USE_CATALOG", "USE_SCHEMA", "SELECT");
        var later = await w.TableAsync(w.Admin, catalog, "created_after_the_grant");
        Assert.Equal(later.TableId, (await reader.Catalog.GetTableAsync(Get(w, later.FullName))).TableId);

        var effective = await reader.Catalog.GetEffectivePermissionsAsync(new GetEffectivePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "table", FullName = later.FullName, Principal = reader.GrantName,
        });
        var select = effective.PrivilegeAssignments.Single().Privileges.Single(p => p.Privilege == "SELECT");
        Assert.Equal(("CATALOG", catalog), (select.InheritedFromType, select.InheritedFromName));
    }

    [Fact]
    public async Task Metastore_grants_are_not_inherited_by_catalogs()
    {
        var w = await WorldAsync();
        var creator = await w.UserAsync("creator");
        await w.GrantAsync("metastore", w.Metastore.MetastoreId, creator.GrantName, "CREATE_CATALOG");
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        await Denied.ByAsync($"does not have USE_CATALOG on catalog {catalog}.",
            () => creator.Catalog.GetCatalogAsync(new GetCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog }).ResponseAsync);
        var effective = await w.Admin.Catalog.GetEffectivePermissionsAsync(new GetEffectivePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "catalog", FullName = catalog, Principal = creator.GrantName,
        });
        Assert.Empty(effective.PrivilegeAssignments);
    }

    [Fact]
    public async Task Grants_to_a_nested_group_reach_its_members_and_stop_when_they_leave()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        var member = await w.UserAsync("member");
        var inner = await w.GroupAsync(member.Id);
        var outer = await w.GroupAsync(inner.Id);
        await Denied.ByAsync("does not have USE_CATALOG", () => member.Catalog.GetTableAsync(Get(w, table.FullName)).ResponseAsync);

        await w.GrantAsync("catalog", catalog, outer.DisplayName, "USE_CATALOG");
        await w.GrantAsync("schema", schema, inner.DisplayName, "USE_SCHEMA", "SELECT");
        await member.Catalog.GetTableAsync(Get(w, table.FullName));

        await w.Admin.Identity.RemoveGroupMemberAsync(new GroupMembershipRequest { AccountId = w.Admin.AccountId, GroupId = inner.Id, MemberId = member.Id });
        await Denied.ByAsync($"does not have USE_CATALOG on catalog {catalog}.", () => member.Catalog.GetTableAsync(Get(w, table.FullName)).ResponseAsync);
    }

    [Fact]
    public async Task Owner_of_a_catalog_holds_everything_inside_and_can_grant_it()
    {
        var w = await WorldAsync();
        var owner = await w.UserAsync("owner");
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        await w.Admin.Catalog.UpdateCatalogAsync(new UpdateCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog, Owner = owner.GrantName });

        Assert.Equal(table.TableId, (await owner.Catalog.GetTableAsync(Get(w, table.FullName))).TableId);
        var reader = await w.UserAsync("reader");
        await owner.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "schema", FullName = schema,
            Changes = { new PermissionsChange { Principal = reader.GrantName, Add = { "USE SCHEMA", "select" } } },
        });
        await owner.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "catalog", FullName = catalog,
            Changes = { new PermissionsChange { Principal = reader.GrantName, Add = { "USE_CATALOG" } } },
        });
        await reader.Catalog.GetTableAsync(Get(w, table.FullName));
        var grants = await owner.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = w.WorkspaceId, SecurableType = "schema", FullName = schema });
        Assert.Equal(["SELECT", "USE_SCHEMA"], grants.PrivilegeAssignments.Single(a => a.Principal == reader.GrantName).Privileges);

        // Ownership of the catalog is not ownership of the metastore.
        await Denied.ByAsync("is not a metastore admin", () => owner.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "metastore", FullName = w.Metastore.MetastoreId,
            Changes = { new PermissionsChange { Principal = reader.GrantName, Add = { "CREATE_CATALOG" } } },
        }).ResponseAsync);
    }

    [Fact]
    public async Task A_group_owning_the_metastore_makes_its_members_metastore_admins()
    {
        var w = await WorldAsync("eu-west-1");
        var admin = await w.UserAsync("metastore-admin");
        var admins = await w.GroupAsync(admin.Id);
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        await Denied.ByAsync("does not have USE_CATALOG", () => admin.Catalog.GetTableAsync(Get(w, table.FullName)).ResponseAsync);

        await w.Admin.Catalog.UpdateMetastoreAsync(new UpdateMetastoreRequest { MetastoreId = w.Metastore.MetastoreId, Owner = admins.DisplayName });
        await admin.Catalog.GetTableAsync(Get(w, table.FullName));
        await admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = w.WorkspaceId, Name = Unique.Name("by_admin").Replace('-', '_') });
        await w.Admin.Catalog.UpdateMetastoreAsync(new UpdateMetastoreRequest { MetastoreId = w.Metastore.MetastoreId, Owner = w.Metastore.Owner });
    }

    [Fact]
    public async Task Listing_shows_only_what_the_caller_may_see()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var visible = await w.TableAsync(w.Admin, catalog, "visible");
        await w.TableAsync(w.Admin, catalog, "hidden");
        var reader = await w.UserAsync("reader");
        await w.GrantAsync("catalog", catalog, reader.GrantName, "USE_CATALOG");
        await w.GrantAsync("schema", schema, reader.GrantName, "USE_SCHEMA");
        await w.GrantAsync("table", visible.FullName, reader.GrantName, "SELECT");

        var tables = await reader.Catalog.ListTablesAsync(new ListTablesRequest { WorkspaceId = w.WorkspaceId, CatalogName = catalog, SchemaName = "sales" });
        Assert.Equal(["visible"], tables.Tables.Select(t => t.Name));
        var catalogs = await reader.Catalog.ListCatalogsAsync(new ListCatalogsRequest { WorkspaceId = w.WorkspaceId });
        Assert.Equal([catalog], catalogs.Catalogs.Select(c => c.Name));
        Assert.Contains(catalog, (await w.Admin.Catalog.ListCatalogsAsync(new ListCatalogsRequest { WorkspaceId = w.WorkspaceId })).Catalogs.Select(c => c.Name));
    }

    [Fact]
    public async Task Workspaces_of_another_metastore_see_nothing_of_this_one()
    {
        var east = await WorldAsync();
        var west = await WorldAsync("us-west-2");
        var (catalog, _) = await east.CatalogAndSchemaAsync();
        var table = await east.TableAsync(east.Admin, catalog, "orders");

        // The same names live independently in the other metastore.
        await west.Admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = west.WorkspaceId, Name = catalog });
        Assert.DoesNotContain((await west.Admin.Catalog.ListSchemasAsync(new ListSchemasRequest { WorkspaceId = west.WorkspaceId, CatalogName = catalog })).Schemas,
            s => s.Name == "sales");
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "full_name",
            () => west.Admin.Catalog.GetTableAsync(new GetTableRequest { WorkspaceId = west.WorkspaceId, FullName = table.FullName }));

        // A workspace token of the west workspace cannot reach the east workspace's metastore at all.
        var westUser = await west.UserAsync("west");
        await Denied.ByAsync("valid only in workspace", () => westUser.Catalog.GetTableAsync(new GetTableRequest { WorkspaceId = east.WorkspaceId, FullName = table.FullName }).ResponseAsync);
        var grants = await west.GrantAsync("catalog", catalog, westUser.GrantName, "USE_CATALOG");
        Assert.Empty((await east.Admin.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = east.WorkspaceId, SecurableType = "catalog", FullName = catalog })).PrivilegeAssignments);
        Assert.Single(grants.PrivilegeAssignments);
    }

    [Fact]
    public async Task A_workspace_without_a_metastore_is_told_to_assign_one()
    {
        var w = await WorldAsync();
        var bare = await Fixtures.WorkspaceAsync(w.Admin);
        var detail = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "workspace_id",
            () => w.Admin.Catalog.ListCatalogsAsync(new ListCatalogsRequest { WorkspaceId = bare.WorkspaceId }));
        Assert.Contains("has no metastore assigned", detail.Message, StringComparison.Ordinal);
        var second = await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "region",
            () => w.Admin.Catalog.CreateMetastoreAsync(new CreateMetastoreRequest { Name = "second", Region = "us-east-1", StorageRoot = "s3://other-root/x" }));
        Assert.Contains("one metastore per region", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Granting_an_unknown_principal_or_a_privilege_of_another_type_is_refused_naming_it()
    {
        var w = await WorldAsync();
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        var unknown = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "changes[0].principal",
            () => w.Admin.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
            {
                WorkspaceId = w.WorkspaceId, SecurableType = "catalog", FullName = catalog,
                Changes = { new PermissionsChange { Principal = "nobody@example.com", Add = { "USE_CATALOG" } } },
            }));
        Assert.Contains("'nobody@example.com' is not a user, group or service principal", unknown.Message, StringComparison.Ordinal);
        // It says how to make one, in Terraform and over REST.
        Assert.Contains("lakeplane_user", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("/scim/v2/Users", unknown.Message, StringComparison.Ordinal);
        var misfit = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "changes[0].add[0]",
            () => w.Admin.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
            {
                WorkspaceId = w.WorkspaceId, SecurableType = "catalog", FullName = catalog,
                Changes = { new PermissionsChange { Principal = w.Metastore.Owner, Add = { "READ_FILES" } } },
            }));
        Assert.Contains("READ_FILES cannot be granted on a catalog", misfit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_groups_effective_permissions_include_what_its_parent_groups_hold_and_not_the_other_way_round()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var inner = await w.GroupAsync();
        var outer = await w.GroupAsync(inner.Id);
        await w.GrantAsync("catalog", catalog, outer.DisplayName, "USE_CATALOG", "SELECT");
        await w.GrantAsync("schema", schema, inner.DisplayName, "USE_SCHEMA");
        Task<EffectivePermissionsList> EffectiveAsync(string principal) => w.Admin.Catalog.GetEffectivePermissionsAsync(new GetEffectivePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "schema", FullName = schema, Principal = principal,
        }).ResponseAsync;

        var ofInner = await EffectiveAsync(inner.DisplayName);
        Assert.Equal(new[] { inner.DisplayName, outer.DisplayName }.Order(StringComparer.Ordinal), ofInner.PrivilegeAssignments.Select(a => a.Principal));
        Assert.Equal(["USE_SCHEMA"], ofInner.PrivilegeAssignments.Single(a => a.Principal == inner.DisplayName).Privileges.Select(p => p.Privilege));
        var select = ofInner.PrivilegeAssignments.Single(a => a.Principal == outer.DisplayName).Privileges.Single();
        Assert.Equal(("SELECT", "CATALOG", catalog, false), (select.Privilege, select.InheritedFromType, select.InheritedFromName, select.FromOwnership));

        var ofOuter = await EffectiveAsync(outer.DisplayName);
        Assert.Equal([outer.DisplayName], ofOuter.PrivilegeAssignments.Select(a => a.Principal));
    }

    [Fact]
    public async Task Owners_show_in_effective_permissions_holding_everything_from_what_they_own()
    {
        var w = await WorldAsync();
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        var owner = await w.UserAsync("owner");
        var owners = await w.GroupAsync(owner.Id);
        await w.Admin.Catalog.UpdateCatalogAsync(new UpdateCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog, Owner = owners.DisplayName });

        var effective = await owner.Catalog.GetEffectivePermissionsAsync(new GetEffectivePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "table", FullName = table.FullName, Principal = owner.GrantName,
        });
        var held = effective.PrivilegeAssignments.Single();
        Assert.Equal(owners.DisplayName, held.Principal);
        Assert.Equal([("ALL_PRIVILEGES", "CATALOG", catalog, true), ("MANAGE", "CATALOG", catalog, true)],
            held.Privileges.Select(p => (p.Privilege, p.InheritedFromType, p.InheritedFromName, p.FromOwnership)));

        // Everyone's: the metastore's owner holds everything as its admin, the table's owner on the table itself.
        var all = await w.Admin.Catalog.GetEffectivePermissionsAsync(new GetEffectivePermissionsRequest { WorkspaceId = w.WorkspaceId, SecurableType = "table", FullName = table.FullName });
        var admin = all.PrivilegeAssignments.Single(a => a.Principal == w.Metastore.Owner).Privileges;
        Assert.Contains(admin, p => p is { Privilege: "ALL_PRIVILEGES", InheritedFromType: "METASTORE", FromOwnership: true } && p.InheritedFromName == w.Metastore.MetastoreId);
        Assert.Equal(w.Metastore.Owner, table.Owner);
        Assert.Contains(admin, p => p is { Privilege: "MANAGE", InheritedFromType: "", InheritedFromName: "", FromOwnership: true });
    }

    [Fact]
    public async Task A_claimed_principal_is_reported_and_an_authoritative_change_to_it_is_refused_until_released()
    {
        var w = await WorldAsync();
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        var bob = (await w.UserAsync("bob")).GrantName;
        var carol = (await w.UserAsync("carol")).GrantName;
        Task<PermissionsList> UpdateAsync(PermissionsChange change, bool respectClaims = false) => w.Admin.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "catalog", FullName = catalog, Changes = { change }, RespectClaims = respectClaims,
        }).ResponseAsync;

        var claimed = await UpdateAsync(new PermissionsChange { Principal = bob, Add = { "USE_CATALOG" }, Claim = true });
        Assert.Equal([bob], claimed.ClaimedPrincipals);
        var read = await w.Admin.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = w.WorkspaceId, SecurableType = "catalog", FullName = catalog });
        Assert.Equal([bob], read.ClaimedPrincipals);
        Assert.Equal([bob], read.PrivilegeAssignments.Select(a => a.Principal));

        // The authoritative resource may change anyone else, and not bob.
        await UpdateAsync(new PermissionsChange { Principal = carol, Add = { "BROWSE" } }, respectClaims: true);
        var refused = await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "changes[0].principal",
            () => UpdateAsync(new PermissionsChange { Principal = bob, Remove = { "USE_CATALOG" } }, respectClaims: true));
        Assert.Contains($"changes[0].principal: the privileges of {bob} on catalog {catalog} are managed by a lakeplane_grant", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["USE_CATALOG"], (await w.Admin.Catalog.GetPermissionsAsync(new GetPermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "catalog", FullName = catalog, Principal = bob,
        })).PrivilegeAssignments.Single().Privileges);

        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "changes[0].release",
            () => UpdateAsync(new PermissionsChange { Principal = bob, Claim = true, Release = true }));
        var released = await UpdateAsync(new PermissionsChange { Principal = bob, Remove = { "USE_CATALOG" }, Release = true });
        Assert.Empty(released.ClaimedPrincipals);
        Assert.Equal([carol], released.PrivilegeAssignments.Select(a => a.Principal));

        // A claim outlives the principal's last privilege (a lakeplane_grant whose privileges were revoked out of band).
        var bare = await UpdateAsync(new PermissionsChange { Principal = bob, Claim = true });
        Assert.Equal([bob], bare.ClaimedPrincipals);
        await UpdateAsync(new PermissionsChange { Principal = carol, Remove = { "BROWSE" } });
        Assert.Equal([bob], (await w.Admin.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = w.WorkspaceId, SecurableType = "catalog", FullName = catalog })).ClaimedPrincipals);
    }
}

public sealed class SqliteCatalogAccessTests(DaemonFixture daemon) : CatalogAccessTests<DaemonFixture>(daemon);

public sealed class PostgresCatalogAccessTests(PostgresDaemonFixture daemon) : CatalogAccessTests<PostgresDaemonFixture>(daemon);
