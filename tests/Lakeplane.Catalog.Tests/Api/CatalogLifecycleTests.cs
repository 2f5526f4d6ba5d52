using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Lakeplane.Catalog.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Catalog.Tests.Api;

/// <summary>Deleting non-empty containers, overlapping locations, and the Unity Catalog REST shapes and paging.</summary>
public abstract class CatalogLifecycleTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon> where TDaemon : DaemonFixture
{
    private Task<CatalogWorld> WorldAsync() => CatalogWorld.OfAsync(daemon);

    [Fact]
    public async Task Deleting_a_non_empty_catalog_says_what_is_inside_and_force_removes_it_with_its_grants()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var table = await w.TableAsync(w.Admin, catalog, "orders");
        var reader = await w.UserAsync("reader");
        await w.GrantAsync("table", table.FullName, reader.GrantName, "SELECT");
        await w.GrantAsync("catalog", catalog, reader.GrantName, "USE_CATALOG");

        var refused = await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "force",
            () => w.Admin.Catalog.DeleteCatalogAsync(new DeleteCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog }));
        Assert.Contains($"Catalog '{catalog}' is not empty: it contains 1 schema(s): sales", refused.Message, StringComparison.Ordinal);
        var schemaRefused = await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "force",
            () => w.Admin.Catalog.DeleteSchemaAsync(new DeleteSchemaRequest { WorkspaceId = w.WorkspaceId, FullName = schema }));
        Assert.Contains("table(s) orders", schemaRefused.Message, StringComparison.Ordinal);

        await w.Admin.Catalog.DeleteCatalogAsync(new DeleteCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog, Force = true });
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "name",
            () => w.Admin.Catalog.GetCatalogAsync(new GetCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog }));

        // Same names again: nothing of the old grants comes back.
        await w.Admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog });
        await w.Admin.Catalog.CreateSchemaAsync(new CreateSchemaRequest { WorkspaceId = w.WorkspaceId, CatalogName = catalog, Name = "sales" });
        var again = await w.TableAsync(w.Admin, catalog, "orders");
        Assert.NotEqual(table.TableId, again.TableId);
        Assert.Empty((await w.Admin.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = w.WorkspaceId, SecurableType = "table", FullName = again.FullName })).PrivilegeAssignments);
        Assert.Empty((await w.Admin.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = w.WorkspaceId, SecurableType = "catalog", FullName = catalog })).PrivilegeAssignments);
    }

    [Fact]
    public async Task Overlapping_external_locations_are_rejected_and_external_paths_must_lie_under_one()
    {
        var w = await WorldAsync();
        var bucket = Unique.Name("bucket");
        var credential = await w.Admin.Catalog.CreateStorageCredentialAsync(new CreateStorageCredentialRequest
        {
            WorkspaceId = w.WorkspaceId, Name = Unique.Name("cred"), AwsIamRole = new AwsIamRole { RoleArn = Fixtures.RoleArn },
        });
        Assert.Equal(w.Admin.AccountId, credential.AwsIamRole.ExternalId);
        CreateExternalLocationRequest Location(string url) => new() { WorkspaceId = w.WorkspaceId, Name = Unique.Name("loc"), Url = url, CredentialName = credential.Name };
        var first = await w.Admin.Catalog.CreateExternalLocationAsync(Location($"s3://{bucket}/a/"));
        Assert.Equal($"s3://{bucket}/a", first.Url);
        Assert.Equal(credential.Name, first.CredentialName);
        foreach (var overlapping in new[] { $"s3://{bucket}/a/b", $"s3://{bucket}", $"s3://{bucket.ToUpperInvariant()}/a" })
        {
            var error = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "url",
                () => w.Admin.Catalog.CreateExternalLocationAsync(Location(overlapping)));
            Assert.Contains($"overlaps external location '{first.Name}'", error.Message, StringComparison.Ordinal);
        }
        await w.Admin.Catalog.CreateExternalLocationAsync(Location($"s3://{bucket}/ab"));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "url",
            () => w.Admin.Catalog.CreateExternalLocationAsync(Location(w.Metastore.StorageRoot + "/inside")));

        var (catalog, _) = await w.CatalogAndSchemaAsync();
        CreateTableRequest External(string location) => new()
        {
            WorkspaceId = w.WorkspaceId, CatalogName = catalog, SchemaName = "sales", Name = Unique.Name("ext").Replace('-', '_'), TableType = "EXTERNAL",
            StorageLocation = location, Columns = { new ColumnInfo { Name = "id", TypeName = "INT", TypeText = "int" } },
        };
        var outside = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "storage_location",
            () => w.Admin.Catalog.CreateTableAsync(External($"s3://{Unique.Name("elsewhere")}/t")));
        Assert.Contains("is not under any external location", outside.Message, StringComparison.Ordinal);
        var table = await w.Admin.Catalog.CreateTableAsync(External($"s3://{bucket}/a/t1"));

        // The location knows its tables: deleting it is refused naming them, unless forced.
        var inUse = await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "force",
            () => w.Admin.Catalog.DeleteExternalLocationAsync(new DeleteExternalLocationRequest { WorkspaceId = w.WorkspaceId, Name = first.Name }));
        Assert.Contains($"table {table.FullName}", inUse.Message, StringComparison.Ordinal);
        var credentialInUse = await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "force",
            () => w.Admin.Catalog.DeleteStorageCredentialAsync(new DeleteStorageCredentialRequest { WorkspaceId = w.WorkspaceId, Name = credential.Name }));
        Assert.Contains(first.Name, credentialInUse.Message, StringComparison.Ordinal);
        await w.Admin.Catalog.DeleteTableAsync(new DeleteTableRequest { WorkspaceId = w.WorkspaceId, FullName = table.FullName });
        await w.Admin.Catalog.DeleteExternalLocationAsync(new DeleteExternalLocationRequest { WorkspaceId = w.WorkspaceId, Name = first.Name });
    }

    [Fact]
    public async Task REST_speaks_Unity_Catalog_shapes_with_paging()
    {
        var w = await WorldAsync();
        var http = w.Http();
        var name = Unique.Name("rest").Replace('-', '_');
        var created = await Expect.RestOkAsync(await http.PostAsJsonAsync("/api/2.1/unity-catalog/catalogs",
            new { name, comment = "from REST", properties = new Dictionary<string, string> { ["team"] = "data" } }));
        Assert.Equal(name, created.GetProperty("full_name").GetString());
        Assert.Equal(JsonValueKind.Number, created.GetProperty("created_at").ValueKind);
        Assert.Equal("data", created.GetProperty("properties").GetProperty("team").GetString());
        await Expect.RestOkAsync(await http.PostAsJsonAsync("/api/2.1/unity-catalog/schemas", new { name = "sales", catalog_name = name }));
        for (var i = 0; i < 25; i++)
        {
            await Expect.RestOkAsync(await http.PostAsJsonAsync("/api/2.1/unity-catalog/tables", new
            {
                name = $"t{i:D2}", catalog_name = name, schema_name = "sales", table_type = "MANAGED", data_source_format = "DELTA",
                columns = new[] { new { name = "id", type_text = "int", type_name = "INT", position = 0, nullable = true } },
            }));
        }
        var seen = new List<string>();
        var pages = 0;
        var token = "";
        do
        {
            var page = await Expect.RestOkAsync(await http.GetAsync(
                $"/api/2.1/unity-catalog/tables?catalog_name={name}&schema_name=sales&max_results=10&omit_columns=true&page_token={Uri.EscapeDataString(token)}"));
            seen.AddRange(page.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("full_name").GetString()!));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString()! : "";
            pages++;
        } while (token.Length > 0);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"{name}.sales.t{i:D2}"), seen);
        Assert.Equal(3, pages);

        var user = await w.UserAsync("rest-reader");
        var patched = await Expect.RestOkAsync(await http.PatchAsJsonAsync($"/api/2.1/unity-catalog/permissions/catalog/{name}",
            new { changes = new[] { new { principal = user.GrantName, add = new[] { "USE CATALOG", "use_schema", "SELECT" }, remove = Array.Empty<string>() } } }));
        var assignment = patched.GetProperty("privilege_assignments").EnumerateArray().Single();
        Assert.Equal(["SELECT", "USE_CATALOG", "USE_SCHEMA"], assignment.GetProperty("privileges").EnumerateArray().Select(p => p.GetString()));
        var effective = await Expect.RestOkAsync(await user.Http.GetAsync($"/api/2.1/unity-catalog/effective-permissions/table/{name}.sales.t07?principal={Uri.EscapeDataString(user.GrantName)}"));
        var privileges = effective.GetProperty("privilege_assignments")[0].GetProperty("privileges").EnumerateArray().ToList();
        Assert.Contains(privileges, p => p.GetProperty("privilege").GetString() == "SELECT" && p.GetProperty("inherited_from_type").GetString() == "CATALOG"
                                         && p.GetProperty("inherited_from_name").GetString() == name);
        var read = await Expect.RestOkAsync(await user.Http.GetAsync($"/api/2.1/unity-catalog/tables/{name}.sales.t07"));
        Assert.Equal("INT", read.GetProperty("columns")[0].GetProperty("type_name").GetString());

        var denied = await Expect.RestErrorAsync(await user.Http.DeleteAsync($"/api/2.1/unity-catalog/tables/{name}.sales.t07"), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Equal($"User {user.GrantName} does not have MANAGE on table {name}.sales.t07.", denied);
        var misfit = await Expect.RestErrorAsync(await http.PatchAsJsonAsync($"/api/2.1/unity-catalog/permissions/schema/{name}.sales",
            new { changes = new[] { new { principal = user.GrantName, add = new[] { "CREATE_CATALOG" } } } }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("CREATE_CATALOG cannot be granted on a schema", misfit, StringComparison.Ordinal);
        var nonEmpty = await Expect.RestErrorAsync(await http.DeleteAsync($"/api/2.1/unity-catalog/catalogs/{name}"), HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        Assert.Contains("schema(s): sales", nonEmpty, StringComparison.Ordinal);
        await Expect.RestOkAsync(await http.DeleteAsync($"/api/2.1/unity-catalog/catalogs/{name}?force=true"));

        var assignmentJson = await Expect.RestOkAsync(await http.GetAsync("/api/2.1/unity-catalog/current-metastore-assignment"));
        Assert.Equal(w.Metastore.MetastoreId, assignmentJson.GetProperty("metastore_id").GetString());
        Assert.Equal(w.WorkspaceId, assignmentJson.GetProperty("workspace_id").GetInt64());
        var metastores = await Expect.RestOkAsync(await w.Daemon.Http().GetAsync("/api/2.1/unity-catalog/metastores"));
        Assert.Contains(metastores.GetProperty("metastores").EnumerateArray(), m => m.GetProperty("metastore_id").GetString() == w.Metastore.MetastoreId);
    }

    [Fact]
    public async Task Create_retried_with_its_request_id_answers_the_first_result()
    {
        var w = await WorldAsync();
        var request = new CreateCatalogRequest { WorkspaceId = w.WorkspaceId, Name = Unique.Name("idem").Replace('-', '_'), RequestId = Unique.RequestId() };
        var first = await w.Admin.Catalog.CreateCatalogAsync(request);
        var retry = await w.Admin.Catalog.CreateCatalogAsync(request);
        Assert.Equal(first.Id, retry.Id);
        var stale = await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "expected_version",
            () => w.Admin.Catalog.UpdateCatalogAsync(new UpdateCatalogRequest { WorkspaceId = w.WorkspaceId, Name = first.Name, Comment = "x", ExpectedVersion = first.Version + 5 }));
        Assert.Contains("stale", stale.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteCatalogLifecycleTests(DaemonFixture daemon) : CatalogLifecycleTests<DaemonFixture>(daemon);

public sealed class PostgresCatalogLifecycleTests(PostgresDaemonFixture daemon) : CatalogLifecycleTests<PostgresDaemonFixture>(daemon);
