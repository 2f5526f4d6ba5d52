using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.Components;

/// <summary>
/// lakeplane:index:GovernedCatalog constructed by the plugin process against a mock ResourceMonitor
/// (no engine can run here): a catalog, its schemas and their grants registered under the
/// component, each grant wired to its securable's output so the engine orders create and delete,
/// and bad privileges refused before anything is registered.
/// </summary>
public sealed class GovernedCatalogTests
{
    private const string ParentStack = "urn:pulumi:dev::lakeplane-tests::pulumi:pulumi:Stack::lakeplane-tests-dev";

    private static Struct Grant(string principal, params string[] privileges) => Props.Of(("principal", principal), ("privileges", privileges));

    private static Struct Inputs(string catalogPrivilege = "USE_CATALOG", string schemaPrivilege = "SELECT") => Props.Of(
        ("workspaceId", 42),
        ("name", "main"),
        ("comment", "curated"),
        ("grants", new[] { Grant("analysts", catalogPrivilege, "USE_SCHEMA"), Grant("engineers", "ALL_PRIVILEGES") }),
        ("schemas", new[]
        {
            Props.Of(("name", "sales"), ("comment", "orders"), ("grants", new[] { Grant("analysts", schemaPrivilege) })),
            Props.Of(("name", "staging")),
        }));

    /// <summary>What lakeplaned would answer for the catalog's children: their computed names.</summary>
    private static Task<(string Id, Struct Outputs)> Backend(RegisterResourceRequest request)
    {
        var outputs = request.Object.Clone();
        string Input(string key) => request.Object.Fields.TryGetValue(key, out var v) ? v.StringValue : "";
        var id = request.Type switch
        {
            "lakeplane:index:Catalog" => Input("name"),
            "lakeplane:index:Schema" => $"{Input("catalogName")}.{Input("name")}",
            _ => $"42/{request.Name}",
        };
        outputs.Fields["id"] = Value.ForString(id);
        return Task.FromResult((id, outputs));
    }

    private static async Task<(MockResourceMonitor Monitor, ConstructResponse Response)> ConstructAsync(bool dryRun, Struct inputs, MockResourceMonitor? monitor = null)
    {
        monitor ??= new MockResourceMonitor(dryRun, Backend);
        await using var monitorServer = await GrpcTestServer.StartAsync(monitor);
        await using var harness = await EngineHarness.StartAsync();
        harness.Configure(Props.Of(("host", "http://127.0.0.1:1"), ("token", Props.Secret("t")), ("accountId", "acc-123")));
        var request = new ConstructRequest
        {
            Project = MockResourceMonitor.Project,
            Stack = MockResourceMonitor.Stack,
            DryRun = dryRun,
            MonitorEndpoint = monitorServer.Address,
            Type = "lakeplane:index:GovernedCatalog",
            Name = "main",
            Parent = ParentStack,
            Inputs = inputs,
        };
        return (monitor, await harness.Provider.ConstructAsync(request));
    }

    private static List<(string Principal, string[] Privileges)> Grants(RegisterResourceRequest grants) =>
        grants.Object.Fields["grant"].ListValue.Values
            .Select(v => (v.StructValue.Fields["principal"].StringValue, v.StructValue.Fields["privileges"].ListValue.Values.Select(p => p.StringValue).Order(StringComparer.Ordinal).ToArray()))
            .OrderBy(g => g.Item1, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public async Task Registers_the_catalog_its_schemas_and_the_grants_on_each_under_the_component()
    {
        var (monitor, response) = await ConstructAsync(dryRun: false, Inputs());

        var component = monitor.Registrations.First();
        Assert.Equal("lakeplane:index:GovernedCatalog", component.Type);
        Assert.False(component.Custom);
        Assert.Equal("urn:pulumi:dev::lakeplane-tests::lakeplane:index:GovernedCatalog::main", response.Urn);
        var children = monitor.Registrations.Skip(1).ToList();
        Assert.Equal(
            ["lakeplane:index:Catalog", "lakeplane:index:Grants", "lakeplane:index:Grants", "lakeplane:index:Schema", "lakeplane:index:Schema"],
            children.Select(c => c.Type).Order(StringComparer.Ordinal));
        Assert.All(children, child =>
        {
            Assert.True(child.Custom);
            Assert.Equal(response.Urn, child.Parent);
            Assert.Equal(42, child.Object.Fields["workspaceId"].NumberValue);
        });

        var catalog = monitor.Single("lakeplane:index:Catalog");
        Assert.Equal("main", catalog.Object.Fields["name"].StringValue);
        Assert.Equal("curated", catalog.Object.Fields["comment"].StringValue);
        Assert.False(catalog.Object.Fields.ContainsKey("forceDestroy")); // not given: not sent, the resource's default applies

        var schemas = monitor.Children("lakeplane:index:Schema").OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["main-sales", "main-staging"], schemas.Select(s => s.Name));
        Assert.All(schemas, s => Assert.Equal("main", s.Object.Fields["catalogName"].StringValue));

        Assert.Equal(["ALL_PRIVILEGES", "USE_CATALOG", "USE_SCHEMA"], Grants(monitor.Children("lakeplane:index:Grants").Single(g => g.Object.Fields.ContainsKey("catalog"))).SelectMany(g => g.Privileges).Order(StringComparer.Ordinal));
        var salesGrants = monitor.Children("lakeplane:index:Grants").Single(g => g.Object.Fields.ContainsKey("schema"));
        Assert.Equal("main.sales", salesGrants.Object.Fields["schema"].StringValue);
        Assert.Equal([("analysts", new[] { "SELECT" })], Grants(salesGrants).Select(g => (g.Principal, g.Privileges)).ToList(), new GrantComparer());

        Assert.Equal("main", response.State.Fields["catalogName"].StringValue);
        Assert.Equal(["main.sales", "main.staging"], response.State.Fields["schemaFullNames"].ListValue.Values.Select(v => v.StringValue));
    }

    [Fact]
    public async Task Every_grant_depends_on_the_securable_it_is_on_so_the_engine_orders_create_and_delete()
    {
        var (monitor, response) = await ConstructAsync(dryRun: false, Inputs());

        var catalogUrn = "urn:pulumi:dev::lakeplane-tests::lakeplane:index:GovernedCatalog$lakeplane:index:Catalog::main";
        var catalogGrants = monitor.Children("lakeplane:index:Grants").Single(g => g.Object.Fields.ContainsKey("catalog"));
        Assert.Contains(catalogUrn, catalogGrants.Dependencies);
        Assert.All(monitor.Children("lakeplane:index:Schema"), s => Assert.Contains(catalogUrn, s.Dependencies));
        var salesGrants = monitor.Children("lakeplane:index:Grants").Single(g => g.Object.Fields.ContainsKey("schema"));
        Assert.Contains("urn:pulumi:dev::lakeplane-tests::lakeplane:index:GovernedCatalog$lakeplane:index:Schema::main-sales", salesGrants.Dependencies);
        Assert.Equal(2, response.StateDependencies["schemaFullNames"].Urns.Count);
    }

    [Fact]
    public async Task In_a_preview_the_schema_names_are_unknown_not_guessed()
    {
        var (monitor, response) = await ConstructAsync(dryRun: true, Inputs());

        var salesGrants = monitor.Children("lakeplane:index:Grants").Single(g => g.Object.Fields.ContainsKey("schema"));
        Assert.Equal(Props.Unknown, salesGrants.Object.Fields["schema"]);
        Assert.All(response.State.Fields["schemaFullNames"].ListValue.Values, v => Assert.Equal(Props.Unknown, v));
    }

    [Theory]
    [InlineData("use catalog", "SELECT", "grants[0].privileges", "write it as the API does, \"USE_CATALOG\"")]
    [InlineData("USE_CATALOG", "USE_CATALOG", "schemas[0].grants[0].privileges", "USE_CATALOG, which cannot be granted on a schema")]
    public async Task A_bad_privilege_fails_the_construct_naming_the_input_before_anything_is_registered(string catalogPrivilege, string schemaPrivilege, string path, string expected)
    {
        var monitor = new MockResourceMonitor(dryRun: false, Backend);
        var error = await Assert.ThrowsAsync<RpcException>(() => ConstructAsync(dryRun: false, Inputs(catalogPrivilege, schemaPrivilege), monitor));

        Assert.Contains(expected, error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(path, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(monitor.Registrations);
    }

    private sealed class GrantComparer : IEqualityComparer<(string, string[])>
    {
        public bool Equals((string, string[]) x, (string, string[]) y) => x.Item1 == y.Item1 && x.Item2.SequenceEqual(y.Item2);

        public int GetHashCode((string, string[]) obj) => obj.Item1.GetHashCode(StringComparison.Ordinal);
    }
}
