using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources.Catalog;

namespace Lakeplane.Resources.Tests.Catalog;

/// <summary>The catalog object resources: names checked as the catalog keeps them, columns as written, state that plans empty after apply and import.</summary>
public sealed class CatalogResourceTests
{
    private static Diagnostics Validate(ResourceDefinition resource, ObjectValue config)
    {
        var diagnostics = new Diagnostics();
        ConfigValidator.Validate(resource.Schema.Root, config, diagnostics);
        resource.ValidateConfig(config, diagnostics);
        return diagnostics;
    }

    private static ObjectValue ConfigOf(ResourceDefinition resource, ObjectValue state) =>
        new(resource.Schema.Root.Attributes.ToDictionary(a => a.Name, a => a.Required || a.Optional ? state[a.Name] : Value.Null)
            .Concat(resource.Schema.Root.Blocks.Select(b => KeyValuePair.Create(b.Name, state[b.Name])))
            .ToDictionary());

    [Theory]
    [InlineData("Main", "must be in lower case, as the catalog keeps names: write \"main\"")]
    [InlineData("my catalog", "contains a space")]
    [InlineData("a.b", "contains a period")]
    [InlineData("", "must be 1 to 255 characters long")]
    public void Catalog_names_follow_unity_catalog_rules(string name, string expected)
    {
        var config = new ObjectValue(new Dictionary<string, Value> { ["workspace_id"] = Value.Of(42L), ["name"] = Value.Of(name) });

        var error = Assert.Single(Validate(new CatalogResource(), config).Items);

        Assert.Contains(expected, error.Detail);
        Assert.Equal(AttributePath.Of("name"), error.Path);
    }

    [Theory]
    [InlineData("string", "STRING")]
    [InlineData("BIGINT", "LONG")]
    [InlineData("decimal(10,2)", "DECIMAL")]
    [InlineData("array<string>", "ARRAY")]
    [InlineData("timestamp_ntz", "TIMESTAMP_NTZ")]
    [InlineData("strng", null)]
    public void Column_type_name_follows_from_the_sql_type(string sql, string? typeName) =>
        Assert.Equal(typeName, ColumnTypes.TypeNameOf(sql));

    [Fact]
    public void An_unknown_column_type_is_refused_on_its_column()
    {
        var config = new ObjectValue(new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(42L), ["catalog_name"] = Value.Of("main"), ["schema_name"] = Value.Of("sales"), ["name"] = Value.Of("orders"),
            ["column"] = new CollectionValue([new ObjectValue(new Dictionary<string, Value> { ["name"] = Value.Of("id"), ["type"] = Value.Of("strng") })]),
        });

        var error = Assert.Single(Validate(new TableResource(), config).Items);

        Assert.Equal("Invalid column type", error.Summary);
        Assert.Equal(AttributePath.Of("column").Index(0).Attribute("type"), error.Path);
    }

    [Fact]
    public void An_external_table_needs_a_storage_location_and_a_managed_one_refuses_it()
    {
        var external = new ObjectValue(new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(42L), ["catalog_name"] = Value.Of("main"), ["schema_name"] = Value.Of("sales"), ["name"] = Value.Of("raw"),
            ["table_type"] = Value.Of("EXTERNAL"),
        });
        Assert.Equal("Missing storage_location", Assert.Single(Validate(new TableResource(), external).Items).Summary);

        var managed = external.With("table_type", Value.Null).With("storage_location", Value.Of("s3://b/raw"));
        Assert.Equal("Unexpected storage_location", Assert.Single(Validate(new TableResource(), managed).Items).Summary);
    }

    [Fact]
    public void A_table_read_back_plans_no_change_whatever_case_its_column_types_come_back_in()
    {
        var table = new TableResource();
        var info = new TableInfo
        {
            Name = "orders", CatalogName = "main", SchemaName = "sales", FullName = "main.sales.orders", TableId = "t-1", TableType = "MANAGED",
            DataSourceFormat = "DELTA", StorageLocation = "s3://root/t-1", Owner = "admin@example.com",
            Columns =
            {
                new ColumnInfo { Name = "order_id", TypeText = "BIGINT", TypeName = "LONG", Position = 0, Nullable = false },
                new ColumnInfo { Name = "amount", TypeText = "decimal(10,2)", TypeName = "DECIMAL", Position = 1, Nullable = true, Comment = "EUR" },
            },
        };
        var written = new ObjectValue(new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(42L), ["catalog_name"] = Value.Of("main"), ["schema_name"] = Value.Of("sales"), ["name"] = Value.Of("orders"),
            ["column"] = new CollectionValue(
            [
                new ObjectValue(new Dictionary<string, Value> { ["name"] = Value.Of("order_id"), ["type"] = Value.Of("bigint"), ["comment"] = Value.Null, ["nullable"] = Value.Of(false) }),
                new ObjectValue(new Dictionary<string, Value> { ["name"] = Value.Of("amount"), ["type"] = Value.Of("decimal(10,2)"), ["comment"] = Value.Of("EUR"), ["nullable"] = Value.Of(true) }),
            ]),
        });

        var state = TableResource.ToState(42, info, written);
        var plan = ResourcePlanner.Plan(table, state, ConfigOf(table, state).With("column", written["column"]).With("owner", Value.Null).With("table_type", Value.Null).With("data_source_format", Value.Null).With("storage_location", Value.Null));

        Assert.False(PlannedChange.Differs(table.Schema.Root, state, plan.Planned));
        Assert.Empty(plan.RequiresReplace);
    }

    [Fact]
    public void Imported_catalog_with_default_force_destroy_plans_no_change()
    {
        var catalog = new CatalogResource();
        var info = new CatalogInfo { Name = "main", FullName = "main", Owner = "admin@example.com", MetastoreId = "m-1", StorageLocation = "s3://root/main" };

        var imported = CatalogResource.ToState(42, info, prior: null);
        var config = new ObjectValue(new Dictionary<string, Value> { ["workspace_id"] = Value.Of(42L), ["name"] = Value.Of("main") });
        var plan = ResourcePlanner.Plan(catalog, imported, config);

        Assert.False(PlannedChange.Differs(catalog.Schema.Root, imported, plan.Planned));
    }

    [Fact]
    public void A_comment_change_keeps_a_managed_table_s_location_instead_of_replacing_it()
    {
        var table = new TableResource();
        var info = new TableInfo { Name = "t", CatalogName = "main", SchemaName = "s", FullName = "main.s.t", TableType = "MANAGED", DataSourceFormat = "DELTA", StorageLocation = "s3://root/t", Owner = "o" };
        var state = TableResource.ToState(42, info, prior: null);
        var config = new ObjectValue(new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(42L), ["catalog_name"] = Value.Of("main"), ["schema_name"] = Value.Of("s"), ["name"] = Value.Of("t"),
            ["comment"] = Value.Of("now documented"), ["column"] = new CollectionValue([]),
        });

        var plan = ResourcePlanner.Plan(table, state, config);

        Assert.Empty(plan.RequiresReplace);
        Assert.Equal("s3://root/t", ((StringValue)plan.Planned["storage_location"]).Value);
    }
}
