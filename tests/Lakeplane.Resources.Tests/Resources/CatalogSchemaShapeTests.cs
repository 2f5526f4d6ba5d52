using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Tests.Resources;

/// <summary>
/// The catalog resources' arguments as Databricks' own resources name them (databricks_metastore,
/// databricks_catalog, databricks_sql_table, databricks_grants ...), plus the workspace_id every
/// catalog-level resource needs because this provider is account-level.
/// </summary>
public sealed class CatalogSchemaShapeTests
{
    private static readonly LakeplaneProvider Provider = new(_ => null);

    private static ResourceDefinition Resource(string name) => Provider.Resources.Single(r => r.Name == name);

    public static TheoryData<string, string, string> Arguments
    {
        get
        {
            var rows = new TheoryData<string, string, string>
            {
                { "metastore", "name", "required" },
                { "metastore", "storage_root", "optional+computed" },
                { "metastore", "region", "required+replace" },
                { "metastore", "owner", "optional+computed" },
                { "metastore", "force_destroy", "optional+computed" },
                { "metastore", "metastore_id", "computed+keep" },
                { "metastore", "global_metastore_id", "computed+keep" },
                { "metastore", "cloud", "computed+keep" },
                { "metastore", "created_at", "computed+keep" },
                { "metastore", "created_by", "computed+keep" },
                { "metastore_assignment", "workspace_id", "required+replace" },
                { "metastore_assignment", "metastore_id", "required+replace" },
                { "metastore_assignment", "default_catalog_name", "optional+computed" },
                { "metastore_assignment", "id", "computed+keep" },
                { "catalog", "name", "required+replace" },
                { "catalog", "comment", "optional" },
                { "catalog", "properties", "optional" },
                { "catalog", "storage_root", "optional+replace" },
                { "catalog", "owner", "optional+computed" },
                { "catalog", "force_destroy", "optional+computed" },
                { "catalog", "id", "computed+keep" },
                { "catalog", "metastore_id", "computed+keep" },
                { "catalog", "storage_location", "computed+keep" },
                { "schema", "catalog_name", "required+replace" },
                { "schema", "name", "required+replace" },
                { "schema", "comment", "optional" },
                { "schema", "properties", "optional" },
                { "schema", "storage_root", "optional+replace" },
                { "schema", "owner", "optional+computed" },
                { "schema", "force_destroy", "optional+computed" },
                { "schema", "id", "computed+keep" },
                { "schema", "schema_id", "computed+keep" },
                { "schema", "metastore_id", "computed+keep" },
                { "table", "catalog_name", "required+replace" },
                { "table", "schema_name", "required+replace" },
                { "table", "name", "required+replace" },
                { "table", "table_type", "optional+computed+replace" },
                { "table", "data_source_format", "optional+computed+replace" },
                { "table", "storage_location", "optional+computed+replace+keep" },
                { "table", "comment", "optional" },
                { "table", "properties", "optional" },
                { "table", "owner", "optional+computed" },
                { "table", "id", "computed+keep" },
                { "table", "table_id", "computed+keep" },
                { "volume", "catalog_name", "required+replace" },
                { "volume", "schema_name", "required+replace" },
                { "volume", "name", "required+replace" },
                { "volume", "volume_type", "required+replace" },
                { "volume", "storage_location", "optional+computed+replace+keep" },
                { "volume", "comment", "optional" },
                { "volume", "owner", "optional+computed" },
                { "volume", "id", "computed+keep" },
                { "volume", "volume_id", "computed+keep" },
                { "volume", "volume_path", "computed+keep" },
                { "storage_credential", "name", "required" },
                { "storage_credential", "comment", "optional" },
                { "storage_credential", "read_only", "optional+computed" },
                { "storage_credential", "skip_validation", "optional+computed" },
                { "storage_credential", "owner", "optional+computed" },
                { "storage_credential", "force_update", "optional+computed" },
                { "storage_credential", "force_destroy", "optional+computed" },
                { "storage_credential", "id", "computed+keep" },
                { "storage_credential", "storage_credential_id", "computed+keep" },
                { "storage_credential", "metastore_id", "computed+keep" },
                { "external_location", "name", "required" },
                { "external_location", "url", "required" },
                { "external_location", "credential_name", "required" },
                { "external_location", "comment", "optional" },
                { "external_location", "read_only", "optional+computed" },
                { "external_location", "skip_validation", "optional+computed" },
                { "external_location", "owner", "optional+computed" },
                { "external_location", "force_update", "optional+computed" },
                { "external_location", "force_destroy", "optional+computed" },
                { "external_location", "id", "computed+keep" },
                { "external_location", "credential_id", "computed" },
                { "external_location", "metastore_id", "computed+keep" },
                { "grants", "id", "computed+keep" },
                { "grant", "principal", "required+replace" },
                { "grant", "privileges", "required" },
                { "grant", "id", "computed+keep" },
            };
            foreach (var resource in new[] { "catalog", "schema", "table", "volume", "storage_credential", "external_location", "grants", "grant" })
            {
                rows.Add(resource, "workspace_id", "required+replace");
            }
            foreach (var resource in new[] { "grants", "grant" })
            {
                foreach (var securable in new[] { "metastore", "catalog", "schema", "table", "volume", "function", "storage_credential", "external_location" })
                {
                    rows.Add(resource, securable, "optional+replace");
                }
            }
            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Attribute_has_the_declared_role(string resource, string attribute, string role)
    {
        var schema = Resource(resource).Schema.Root.FindAttribute(attribute) ?? throw new Xunit.Sdk.XunitException($"{resource} has no {attribute}");
        var parts = role.Split('+');

        Assert.Equal(parts[0] == "required", schema.Required);
        Assert.Equal(parts[0] == "optional", schema.Optional);
        Assert.Equal(parts[0] == "computed" || parts.Contains("computed"), schema.Computed);
        Assert.Equal(parts.Contains("replace"), schema.RequiresReplace);
        Assert.Equal(parts.Contains("keep"), schema.UseStateForUnknown);
        Assert.False(schema.Sensitive);
    }

    [Fact]
    public void Table_columns_are_an_ordered_list_of_name_type_comment_nullable()
    {
        var column = Resource("table").Schema.Root.FindBlock("column");

        Assert.NotNull(column);
        Assert.Equal(BlockNesting.List, column.Nesting);
        Assert.Equal(["comment", "name", "nullable", "type"], column.Object.Attributes.Select(a => a.Name).Order());
        Assert.True(column.Object.FindAttribute("nullable")!.Optional);
        Assert.IsType<BoolValue>(column.Object.FindAttribute("nullable")!.Default);
    }

    [Fact]
    public void Storage_credential_takes_one_aws_iam_role_block_with_role_arn()
    {
        var role = Resource("storage_credential").Schema.Root.FindBlock("aws_iam_role");

        Assert.NotNull(role);
        Assert.Equal(BlockNesting.Single, role.Nesting);
        Assert.Equal(1, role.MinItems);
        Assert.Equal(1, role.MaxItems); // terraform: a single block's MinItems and MaxItems must match
        Assert.True(role.Object.FindAttribute("role_arn")!.Required);
        Assert.True(role.Object.FindAttribute("external_id")!.Computed);
    }

    [Fact]
    public void Grants_take_a_set_of_grant_blocks_whose_privileges_are_sets()
    {
        var grant = Resource("grants").Schema.Root.FindBlock("grant");

        Assert.NotNull(grant);
        Assert.Equal(BlockNesting.Set, grant.Nesting);
        Assert.True(grant.Object.FindAttribute("principal")!.Required);
        Assert.Equal(TypeSpec.SetOf(TypeSpec.String), grant.Object.FindAttribute("privileges")!.Type);
        Assert.Equal(TypeSpec.SetOf(TypeSpec.String), Resource("grant").Schema.Root.FindAttribute("privileges")!.Type);
    }
}
