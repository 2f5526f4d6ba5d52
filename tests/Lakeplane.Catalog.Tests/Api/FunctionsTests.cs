using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Lakeplane.Catalog.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Catalog.Tests.Api;

/// <summary>
/// Functions, the third securable of a schema: the Unity Catalog 2.1 REST shapes, their validation, EXECUTE inherited
/// from the catalog, listing filtered by what the caller may execute, grants and effective permissions on a function,
/// and force-deleting a schema or catalog taking its functions with it.
/// </summary>
public abstract class FunctionsTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon> where TDaemon : DaemonFixture
{
    private Task<CatalogWorld> WorldAsync() => CatalogWorld.OfAsync(daemon);

    [Fact]
    public async Task REST_creates_gets_lists_reowns_and_deletes_a_function_in_Unity_Catalog_shapes()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var http = w.Http();
        var created = await Expect.RestOkAsync(await http.PostAsJsonAsync("/api/2.1/unity-catalog/functions", new
        {
            function_info = new
            {
                name = "Mask_Email", catalog_name = catalog, schema_name = "sales", data_type = "string", full_data_type = "string",
                routine_body = "SQL", routine_definition = "concat('<', substr(email, 1, 1), '***>')", is_deterministic = true,
                comment = "masks an address", properties = "{\"team\": \"privacy\"}",
                input_params = new { parameters = new[] { new { name = "email", type_text = "string", type_name = "STRING", position = 0 } } },
            },
        }));
        var fullName = $"{schema}.mask_email";
        Assert.Equal(fullName, created.GetProperty("full_name").GetString());
        Assert.Equal("mask_email", created.GetProperty("name").GetString());
        Assert.Equal("STRING", created.GetProperty("data_type").GetString());
        Assert.Equal("CONTAINS_SQL", created.GetProperty("sql_data_access").GetString());
        Assert.Equal("DEFINER", created.GetProperty("security_type").GetString());
        Assert.Equal("S", created.GetProperty("parameter_style").GetString());
        Assert.Equal("mask_email", created.GetProperty("specific_name").GetString());
        Assert.Equal("IN", created.GetProperty("input_params").GetProperty("parameters")[0].GetProperty("parameter_mode").GetString());
        Assert.Equal(w.Metastore.MetastoreId, created.GetProperty("metastore_id").GetString());
        Assert.Equal(JsonValueKind.Number, created.GetProperty("created_at").ValueKind);

        // The routine comes back as written: ' < > are not escaped as \u0027 \u003C \u003E in the JSON text.
        var raw = await (await http.GetAsync($"/api/2.1/unity-catalog/functions/{fullName}")).Content.ReadAsStringAsync();
        Assert.Contains("\"routine_definition\":\"concat('<', substr(email, 1, 1), '***>')\"", raw, StringComparison.Ordinal);

        var listed = await Expect.RestOkAsync(await http.GetAsync($"/api/2.1/unity-catalog/functions?catalog_name={catalog}&schema_name=sales"));
        Assert.Equal([fullName], listed.GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("full_name").GetString()));

        var owner = await w.UserAsync("fn-owner");
        var reowned = await Expect.RestOkAsync(await http.PatchAsJsonAsync($"/api/2.1/unity-catalog/functions/{fullName}", new { owner = owner.GrantName }));
        Assert.Equal(owner.GrantName, reowned.GetProperty("owner").GetString());
        // The new owner holds everything on it, USE_CATALOG and USE_SCHEMA still needed on the parents.
        await w.GrantAsync("catalog", catalog, owner.GrantName, "USE_CATALOG", "USE_SCHEMA");
        await Expect.RestOkAsync(await owner.Http.GetAsync($"/api/2.1/unity-catalog/functions/{fullName}"));

        var duplicate = await Expect.RestErrorAsync(await http.PostAsJsonAsync("/api/2.1/unity-catalog/functions", new
        {
            function_info = new { name = "mask_email", catalog_name = catalog, schema_name = "sales", data_type = "STRING", full_data_type = "string", routine_body = "SQL", routine_definition = "1" },
        }), HttpStatusCode.Conflict, "RESOURCE_ALREADY_EXISTS");
        Assert.Contains($"Function '{fullName}' already exists", duplicate, StringComparison.Ordinal);

        await Expect.RestOkAsync(await owner.Http.DeleteAsync($"/api/2.1/unity-catalog/functions/{fullName}"));
        var gone = await Expect.RestErrorAsync(await http.GetAsync($"/api/2.1/unity-catalog/functions/{fullName}"), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains($"Function '{fullName}' does not exist", gone, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("name", "a.b", "function_info.name 'a.b' contains a period")]
    [InlineData("data_type", "WORD", "function_info.data_type 'WORD' is not a Unity Catalog type")]
    [InlineData("data_type", "", "function_info.data_type is required")]
    [InlineData("routine_body", "PYTHON", "function_info.routine_body 'PYTHON' is not one of SQL, EXTERNAL")]
    [InlineData("routine_definition", " ", "function_info.routine_definition is required")]
    [InlineData("param_type", "NUMBER", "function_info.input_params.parameters[0].type_name 'NUMBER' is not a Unity Catalog type")]
    [InlineData("properties", "[1]", "function_info.properties must be a JSON object of string values")]
    [InlineData("external", "", "function_info.external_language is required when routine_body is EXTERNAL")]
    public async Task BadDefinitionsAreRefusedNamingTheField(string what, string value, string expected)
    {
        var w = await WorldAsync();
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        var function = Definition(catalog, "f");
        switch (what)
        {
            case "name": function.Name = value; break;
            case "data_type": function.DataType = value; break;
            case "routine_body": function.RoutineBody = value; break;
            case "routine_definition": function.RoutineDefinition = value; break;
            case "param_type": function.InputParams.Parameters[0].TypeName = value; break;
            case "properties": function.Properties = value; break;
            default: function.RoutineBody = "EXTERNAL"; function.ExternalLanguage = value; break;
        }
        var error = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", null,
            () => w.Admin.Catalog.CreateFunctionAsync(new CreateFunctionRequest { WorkspaceId = w.WorkspaceId, FunctionInfo = function }));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EXECUTE_on_the_catalog_reaches_functions_and_listing_shows_only_what_the_caller_may_execute()
    {
        var w = await WorldAsync();
        var (catalog, _) = await w.CatalogAndSchemaAsync();
        var first = await w.Admin.Catalog.CreateFunctionAsync(new CreateFunctionRequest { WorkspaceId = w.WorkspaceId, FunctionInfo = Definition(catalog, "first") });
        var second = await w.Admin.Catalog.CreateFunctionAsync(new CreateFunctionRequest { WorkspaceId = w.WorkspaceId, FunctionInfo = Definition(catalog, "second") });
        ListFunctionsRequest List() => new() { WorkspaceId = w.WorkspaceId, CatalogName = catalog, SchemaName = "sales" };

        var one = await w.UserAsync("one");
        await w.GrantAsync("catalog", catalog, one.GrantName, "USE_CATALOG", "USE_SCHEMA");
        Assert.Empty((await one.Catalog.ListFunctionsAsync(List())).Functions);
        await Denied.ByAsync($"User {one.GrantName} does not have EXECUTE on function {first.FullName}.",
            () => one.Catalog.GetFunctionAsync(new GetFunctionRequest { WorkspaceId = w.WorkspaceId, Name = first.FullName }).ResponseAsync);
        await w.GrantAsync("function", second.FullName, one.GrantName, "EXECUTE");
        Assert.Equal([second.FullName], (await one.Catalog.ListFunctionsAsync(List())).Functions.Select(f => f.FullName));

        var all = await w.UserAsync("all");
        await w.GrantAsync("catalog", catalog, all.GrantName, "USE_CATALOG", "USE_SCHEMA", "EXECUTE");
        Assert.Equal([first.FullName, second.FullName], (await all.Catalog.ListFunctionsAsync(List())).Functions.Select(f => f.FullName));
        await all.Catalog.GetFunctionAsync(new GetFunctionRequest { WorkspaceId = w.WorkspaceId, Name = first.FullName });
        var effective = await all.Catalog.GetEffectivePermissionsAsync(new GetEffectivePermissionsRequest
        {
            WorkspaceId = w.WorkspaceId, SecurableType = "function", FullName = first.FullName, Principal = all.GrantName,
        });
        var execute = effective.PrivilegeAssignments.Single().Privileges.Single(p => p.Privilege == "EXECUTE");
        Assert.Equal(("CATALOG", catalog, false), (execute.InheritedFromType, execute.InheritedFromName, execute.FromOwnership));

        // The grants API speaks of functions like any securable, refusing what does not apply to one.
        var grants = await w.Admin.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = w.WorkspaceId, SecurableType = "FUNCTION", FullName = second.FullName });
        Assert.Equal([one.GrantName], grants.PrivilegeAssignments.Select(a => a.Principal));
        var misfit = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "changes[0].add[0]",
            () => w.GrantAsync("function", second.FullName, one.GrantName, "SELECT"));
        Assert.Contains("SELECT cannot be granted on a function: the privileges of a function are ALL_PRIVILEGES, APPLY_TAG, EXECUTE, MANAGE", misfit.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_schema_with_functions_names_them_and_force_removes_them_with_their_grants()
    {
        var w = await WorldAsync();
        var (catalog, schema) = await w.CatalogAndSchemaAsync();
        var function = await w.Admin.Catalog.CreateFunctionAsync(new CreateFunctionRequest { WorkspaceId = w.WorkspaceId, FunctionInfo = Definition(catalog, "add_one") });
        var user = await w.UserAsync("executor");
        await w.GrantAsync("function", function.FullName, user.GrantName, "EXECUTE");

        var refused = await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "force",
            () => w.Admin.Catalog.DeleteSchemaAsync(new DeleteSchemaRequest { WorkspaceId = w.WorkspaceId, FullName = schema }));
        Assert.Contains($"Schema '{schema}' is not empty: it contains function(s) add_one.", refused.Message, StringComparison.Ordinal);
        await w.Admin.Catalog.DeleteCatalogAsync(new DeleteCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog, Force = true });

        await w.Admin.Catalog.CreateCatalogAsync(new CreateCatalogRequest { WorkspaceId = w.WorkspaceId, Name = catalog });
        await w.Admin.Catalog.CreateSchemaAsync(new CreateSchemaRequest { WorkspaceId = w.WorkspaceId, CatalogName = catalog, Name = "sales" });
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "name",
            () => w.Admin.Catalog.GetFunctionAsync(new GetFunctionRequest { WorkspaceId = w.WorkspaceId, Name = function.FullName }));
        var again = await w.Admin.Catalog.CreateFunctionAsync(new CreateFunctionRequest { WorkspaceId = w.WorkspaceId, FunctionInfo = Definition(catalog, "add_one") });
        Assert.NotEqual(function.FunctionId, again.FunctionId);
        Assert.Empty((await w.Admin.Catalog.GetPermissionsAsync(new GetPermissionsRequest { WorkspaceId = w.WorkspaceId, SecurableType = "function", FullName = again.FullName })).PrivilegeAssignments);
    }

    /// <summary>catalog.sales.name(x INT) RETURNS INT RETURN x + 1.</summary>
    internal static FunctionInfo Definition(string catalog, string name) => new()
    {
        Name = name, CatalogName = catalog, SchemaName = "sales", DataType = "INT", FullDataType = "int", RoutineBody = "SQL", RoutineDefinition = "x + 1",
        InputParams = new FunctionParameterInfos { Parameters = { new FunctionParameterInfo { Name = "x", TypeName = "INT", TypeText = "int" } } },
    };
}

public sealed class SqliteFunctionsTests(DaemonFixture daemon) : FunctionsTests<DaemonFixture>(daemon);

public sealed class PostgresFunctionsTests(PostgresDaemonFixture daemon) : FunctionsTests<PostgresDaemonFixture>(daemon);
