using Lakeplane.Catalog.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Catalog.Tests.Api;

/// <summary>
/// The privilege matrix over real sockets: for each privilege with a control-plane action, a principal holding it
/// (granted by the admin through the grants API) can do the action, and one that holds everything else the action needs
/// but not that privilege is refused with PERMISSION_DENIED naming the missing privilege and securable.
/// </summary>
public sealed class PrivilegeMatrixTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>
{
    private record Grant(string Type, string Name, params string[] Privileges);

    private async Task HolderMayOtherMayNotAsync(CatalogWorld world, Grant[] both, Grant granted, Func<Actor, Task> action, string missing)
    {
        var holder = await world.UserAsync("holder");
        var other = await world.UserAsync("other");
        foreach (var grant in both)
        {
            await world.GrantAsync(grant.Type, grant.Name, holder.GrantName, grant.Privileges);
            await world.GrantAsync(grant.Type, grant.Name, other.GrantName, grant.Privileges);
        }
        await world.GrantAsync(granted.Type, granted.Name, holder.GrantName, granted.Privileges);
        await action(holder);
        await Denied.ByAsync($"User {other.GrantName} does not have {missing}.", () => action(other));
    }

    private Task<CatalogWorld> WorldAsync() => CatalogWorld.OfAsync(daemon);

    [Fact]
    public async Task USE_CATALOG_lets_a_principal_get_the_catalog()
    {
        var w = await WorldAsync();
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        await HolderMayOtherMayNotAsync(w, [], new("catalog", catalog, "USE_CATALOG"),
            p => p.Catalog.GetCatalogAsync(new GetCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog }).ResponseAsync,
            $"USE_CATALOG on catalog {catalog}");
    }

    [Fact]
    public async Task USE_SCHEMA_lets_a_principal_get_the_schema()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG")], new("schema", schema, "USE_SCHEMA"),
            async p => Assert.Equal(schema, (await p.Catalog.GetSchemaAsync(new GetSchemaRequest { WorkspaceId = w.WorkspaceId, FullName = schema })).FullName),
            $"USE_SCHEMA on schema {schema}");
    }

    [Fact]
    public async Task SELECT_lets_a_principal_read_the_table()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA")], new("table", table.FullName, "SELECT"),
            async p =>
            {
                var read = await p.Catalog.GetTableAsync(new GetTableRequest { WorkspaceId = w.WorkspaceId, FullName = table.FullName });
                Assert.Equal(["id", "amount"], read.Columns.Select(c => c.Name));
            },
            $"SELECT on table {table.FullName}");
    }

    [Fact]
    public async Task MODIFY_lets_a_principal_change_the_tables_columns_and_comment()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA")], new("table", table.FullName, "MODIFY"),
            p => p.Catalog.UpdateTableAsync(new UpdateTableRequest { WorkspaceId = w.WorkspaceId, FullName = table.FullName, Comment = "changed" }).ResponseAsync,
            $"MODIFY on table {table.FullName}");
    }

    [Fact]
    public async Task CREATE_SCHEMA_lets_a_principal_create_a_schema()
    {
        var w = await WorldAsync();
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG")], new("catalog", catalog, "CREATE_SCHEMA"),
            p => p.Catalog.CreateSchemaAsync(new CreateSchemaRequest { WorkspaceId = w.WorkspaceId, CatalogName = catalog, Name = Unique.Name("s").Replace('-', '_') }).ResponseAsync,
            $"CREATE_SCHEMA on catalog {catalog}");
    }

    [Fact]
    public async Task CREATE_TABLE_lets_a_principal_create_a_table_and_own_it()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA")], new("schema", schema, "CREATE_TABLE"),
            async p =>
            {
                var table = await w.TableAsync(p.Client, catalog, Unique.Name("t").Replace('-', '_'));
                Assert.Equal(p.GrantName, table.Owner);
                Assert.Equal("MANAGED", table.TableType);
                Assert.StartsWith(w.Metastore.StorageRoot + "/__unitystorage/catalogs/", table.StorageLocation, StringComparison.Ordinal);
                // The creator owns the table: it reads it without any grant on it.
                await p.Catalog.GetTableAsync(new GetTableRequest { WorkspaceId = w.WorkspaceId, FullName = table.FullName });
            },
            $"CREATE_TABLE on schema {schema}");
    }

    [Fact]
    public async Task CREATE_VOLUME_lets_a_principal_create_a_managed_volume()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA")], new("schema", schema, "CREATE_VOLUME"),
            p => p.Catalog.CreateVolumeAsync(new CreateVolumeRequest
            {
                WorkspaceId = w.WorkspaceId, CatalogName = catalog, SchemaName = "sales", Name = Unique.Name("v").Replace('-', '_'), VolumeType = "MANAGED",
            }).ResponseAsync,
            $"CREATE_VOLUME on schema {schema}");
    }

    [Fact]
    public async Task READ_VOLUME_lets_a_principal_read_the_volume()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var volume = await w.Admin.Catalog.CreateVolumeAsync(new CreateVolumeRequest { WorkspaceId = w.WorkspaceId, CatalogName = catalog, SchemaName = "sales", Name = "files", VolumeType = "MANAGED" });
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA")], new("volume", volume.FullName, "READ_VOLUME"),
            p => p.Catalog.GetVolumeAsync(new GetVolumeRequest { WorkspaceId = w.WorkspaceId, Name = volume.FullName }).ResponseAsync,
            $"READ_VOLUME on volume {volume.FullName}");
    }

    [Fact]
    public async Task EXECUTE_lets_a_principal_get_the_function()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var function = await FunctionAsync(w, catalog);
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA")], new("function", function, "EXECUTE"),
            async p => Assert.Equal("x + 1", (await p.Catalog.GetFunctionAsync(new GetFunctionRequest { WorkspaceId = w.WorkspaceId, Name = function })).RoutineDefinition),
            $"EXECUTE on function {function}");
    }

    [Fact]
    public async Task CREATE_FUNCTION_lets_a_principal_create_a_function_and_own_it()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA")], new("schema", schema, "CREATE_FUNCTION"),
            async p =>
            {
                var created = await p.Catalog.CreateFunctionAsync(new CreateFunctionRequest
                {
                    WorkspaceId = w.WorkspaceId, FunctionInfo = FunctionsTests<DaemonFixture>.Definition(catalog, Unique.Name("f").Replace('-', '_')),
                });
                Assert.Equal(p.GrantName, created.Owner);
                // The creator owns the function: it reads it without EXECUTE granted.
                await p.Catalog.GetFunctionAsync(new GetFunctionRequest { WorkspaceId = w.WorkspaceId, Name = created.FullName });
            },
            $"CREATE_FUNCTION on schema {schema}");
    }

    [Fact]
    public async Task MANAGE_lets_a_principal_change_the_functions_owner()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var function = await FunctionAsync(w, catalog);
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA"), new("function", function, "EXECUTE")],
            new("function", function, "MANAGE"),
            p => p.Catalog.UpdateFunctionAsync(new UpdateFunctionRequest { WorkspaceId = w.WorkspaceId, Name = function, Owner = p.GrantName }).ResponseAsync,
            $"MANAGE on function {function}");
    }

    [Fact]
    public async Task ALL_PRIVILEGES_on_the_schema_stands_for_EXECUTE_on_its_functions()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var function = await FunctionAsync(w, catalog);
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA")], new("schema", schema, "ALL_PRIVILEGES"),
            p => p.Catalog.GetFunctionAsync(new GetFunctionRequest { WorkspaceId = w.WorkspaceId, Name = function }).ResponseAsync,
            $"EXECUTE on function {function}");
    }

    [Fact]
    public async Task CREATE_CATALOG_on_the_metastore_lets_a_principal_create_a_catalog()
    {
        var w = await WorldAsync();
        await HolderMayOtherMayNotAsync(w, [], new("metastore", w.Metastore.MetastoreId, "CREATE_CATALOG"),
            p => p.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = w.WorkspaceId, Name = Unique.Name("c").Replace('-', '_') }).ResponseAsync,
            $"CREATE_CATALOG on metastore {w.Metastore.MetastoreId}");
    }

    [Fact]
    public async Task CREATE_STORAGE_CREDENTIAL_on_the_metastore_lets_a_principal_create_one()
    {
        var w = await WorldAsync();
        await HolderMayOtherMayNotAsync(w, [], new("metastore", w.Metastore.MetastoreId, "CREATE_STORAGE_CREDENTIAL"),
            p => p.Catalog.CreateStorageCredentialAsync(new CreateStorageCredentialRequest
            {
                WorkspaceId = w.WorkspaceId, Name = Unique.Name("cred"), AwsIamRole = new AwsIamRole { RoleArn = Fixtures.RoleArn },
            }).ResponseAsync,
            $"CREATE_STORAGE_CREDENTIAL on metastore {w.Metastore.MetastoreId}");
    }

    [Fact]
    public async Task CREATE_EXTERNAL_LOCATION_needs_it_on_the_credential_too()
    {
        var w = await WorldAsync();
        var credential = await CredentialAsync(w);
        await HolderMayOtherMayNotAsync(w, [new("metastore", w.Metastore.MetastoreId, "CREATE_EXTERNAL_LOCATION")],
            new("storage_credential", credential, "CREATE_EXTERNAL_LOCATION"),
            p => p.Catalog.CreateExternalLocationAsync(new CreateExternalLocationRequest
            {
                WorkspaceId = w.WorkspaceId, Name = Unique.Name("loc"), Url = $"s3://{Unique.Name("bucket")}/data", CredentialName = credential,
            }).ResponseAsync,
            $"CREATE_EXTERNAL_LOCATION on storage credential {credential}");
    }

    [Fact]
    public async Task CREATE_EXTERNAL_TABLE_on_the_location_lets_a_principal_create_an_external_table()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var (location, url) = await LocationAsync(w);
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA", "CREATE_TABLE")],
            new("external_location", location, "CREATE_EXTERNAL_TABLE"),
            async p =>
            {
                var name = Unique.Name("ext").Replace('-', '_');
                var table = await p.Catalog.CreateTableAsync(new CreateTableRequest
                {
                    WorkspaceId = w.WorkspaceId, CatalogName = catalog, SchemaName = "sales", Name = name, TableType = "EXTERNAL",
                    DataSourceFormat = "PARQUET", StorageLocation = $"{url}/{name}/",
                    Columns = { new ColumnInfo { Name = "id", TypeName = "INT", TypeText = "int" } },
                });
                Assert.Equal($"{url}/{name}", table.StorageLocation);
            },
            $"CREATE_EXTERNAL_TABLE on external location {location}");
    }

    [Fact]
    public async Task CREATE_EXTERNAL_VOLUME_on_the_location_lets_a_principal_create_an_external_volume()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var (location, url) = await LocationAsync(w);
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA", "CREATE_VOLUME")],
            new("external_location", location, "CREATE_EXTERNAL_VOLUME"),
            p => p.Catalog.CreateVolumeAsync(new CreateVolumeRequest
            {
                WorkspaceId = w.WorkspaceId, CatalogName = catalog, SchemaName = "sales", Name = Unique.Name("v").Replace('-', '_'), VolumeType = "EXTERNAL",
                StorageLocation = $"{url}/{Unique.Name("v")}",
            }).ResponseAsync,
            $"CREATE_EXTERNAL_VOLUME on external location {location}");
    }

    [Fact]
    public async Task CREATE_MANAGED_STORAGE_on_the_location_lets_a_principal_give_a_catalog_its_own_root()
    {
        var w = await WorldAsync();
        var (location, url) = await LocationAsync(w);
        await HolderMayOtherMayNotAsync(w, [new("metastore", w.Metastore.MetastoreId, "CREATE_CATALOG")], new("external_location", location, "CREATE_MANAGED_STORAGE"),
            p => p.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = w.WorkspaceId, Name = Unique.Name("c").Replace('-', '_'), StorageRoot = url + "/managed" }).ResponseAsync,
            $"CREATE_MANAGED_STORAGE on external location {location}");
    }

    [Fact]
    public async Task MANAGE_lets_a_principal_grant_on_the_table()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        var grantee = await w.UserAsync("grantee");
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG"), new("schema", schema, "USE_SCHEMA")], new("table", table.FullName, "MANAGE"),
            p => p.Catalog.UpdatePermissionsAsync(new UpdatePermissionsRequest
            {
                WorkspaceId = w.WorkspaceId, SecurableType = "table", FullName = table.FullName,
                Changes = { new PermissionsChange { Principal = grantee.GrantName, Add = { "SELECT" } } },
            }).ResponseAsync,
            $"MANAGE on table {table.FullName}");
    }

    [Fact]
    public async Task BROWSE_lets_a_principal_see_the_catalog_as_browse_only()
    {
        var w = await WorldAsync();
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        await HolderMayOtherMayNotAsync(w, [], new("catalog", catalog, "BROWSE"),
            async p => Assert.True((await p.Catalog.GetCatalogAsync(new GetCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog, IncludeBrowse = true })).BrowseOnly),
            $"USE_CATALOG on catalog {catalog}");
    }

    [Fact]
    public async Task ALL_PRIVILEGES_on_a_schema_stands_for_USE_SCHEMA_and_SELECT()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        await HolderMayOtherMayNotAsync(w, [new("catalog", catalog, "USE_CATALOG")], new("schema", schema, "ALL_PRIVILEGES"),
            p => p.Catalog.GetTableAsync(new GetTableRequest { WorkspaceId = w.WorkspaceId, FullName = table.FullName }).ResponseAsync,
            $"USE_SCHEMA on schema {schema}");
    }

    [Fact]
    public async Task Service_principals_are_granted_by_application_id()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        var sp = await w.ServicePrincipalAsync();
        Task Read() => sp.Catalog.GetTableAsync(new GetTableRequest { WorkspaceId = w.WorkspaceId, FullName = table.FullName }).ResponseAsync;
        await Denied.ByAsync($"Service principal {sp.GrantName} does not have USE_CATALOG on catalog {catalog}.", Read);
        await w.GrantAsync("catalog", catalog, sp.GrantName, "USE_CATALOG", "USE_SCHEMA", "SELECT");
        await Read();
    }

    /// <summary>Privileges no control-plane call needs (they govern data access by engines): granting them is accepted,
    /// and effective permissions report them to their holder and not to anyone else.</summary>
    [Theory]
    [InlineData("catalog", "APPLY_TAG")]
    [InlineData("catalog", "EXTERNAL_USE_SCHEMA")]
    [InlineData("schema", "REFRESH")]
    [InlineData("schema", "CREATE_MODEL")]
    [InlineData("schema", "CREATE_MATERIALIZED_VIEW")]
    [InlineData("schema", "WRITE_VOLUME")]
    [InlineData("external_location", "READ_FILES")]
    [InlineData("external_location", "WRITE_FILES")]
    [InlineData("external_location", "EXTERNAL_USE_LOCATION")]
    public async Task DataPlanePrivilegesShowInTheHoldersEffectivePermissionsOnly(string type, string privilege)
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var name = type switch { "catalog" => catalog, "schema" => schema, _ => (await LocationAsync(w)).Name };
        var holder = await w.UserAsync("holder");
        var other = await w.UserAsync("other");
        await w.GrantAsync(type, name, holder.GrantName, privilege);
        await w.GrantAsync(type, name, other.GrantName, "MANAGE");
        var held = await holder.Catalog.GetEffectivePermissionsAsync(new GetEffectivePermissionsRequest { WorkspaceId = w.WorkspaceId, SecurableType = type, FullName = name });
        Assert.Equal([privilege], held.PrivilegeAssignments.Single(a => a.Principal == holder.GrantName).Privileges.Select(p => p.Privilege));
        var others = await w.Admin.Catalog.GetEffectivePermissionsAsync(new GetEffectivePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = type, FullName = name, Principal = other.GrantName,
        });
        Assert.DoesNotContain(others.PrivilegeAssignments.SelectMany(a => a.Privileges), p => p.Privilege == privilege);
    }

    private static async Task<string> FunctionAsync(CatalogWorld w, string catalog) =>
        (await w.Admin.Catalog.CreateFunctionAsync(new CreateFunctionRequest
        {
            WorkspaceId = w.WorkspaceId, FunctionInfo = FunctionsTests<DaemonFixture>.Definition(catalog, Unique.Name("fn").Replace('-', '_')),
        })).FullName;

    private static async Task<string> CredentialAsync(CatalogWorld w) =>
        (await w.Admin.Catalog.CreateStorageCredentialAsync(new CreateStorageCredentialRequest
        {
            WorkspaceId = w.WorkspaceId, Name = Unique.Name("cred"), AwsIamRole = new AwsIamRole { RoleArn = Fixtures.RoleArn },
        })).Name;

    private static async Task<(string Name, string Url)> LocationAsync(CatalogWorld w)
    {
        var url = $"s3://{Unique.Name("bucket")}/data";
        var location = await w.Admin.Catalog.CreateExternalLocationAsync(new CreateExternalLocationRequest
        {
            WorkspaceId = w.WorkspaceId, Name = Unique.Name("loc"), Url = url, CredentialName = await CredentialAsync(w),
        });
        return (location.Name, location.Url);
    }
}
