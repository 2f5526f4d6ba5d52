using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Tests.Resources;

/// <summary>
/// The resources' arguments and attributes as issue 3 and Databricks' databricks_mws_* resources
/// name them: what users write must carry over, and what replaces must be declared so.
/// </summary>
public sealed class SchemaShapeTests
{
    private static readonly LakeplaneProvider Provider = new(_ => null);

    private static ResourceDefinition Resource(string name) => Provider.Resources.Single(r => r.Name == name);

    private static AttributeSchema Attribute(string resource, string attribute) =>
        Resource(resource).Schema.Root.FindAttribute(attribute) ?? throw new Xunit.Sdk.XunitException($"{resource} has no {attribute}");

    public static TheoryData<string, string, string> Arguments => new()
    {
        // resource, attribute, "required|optional|computed" + "+replace" / "+sensitive" / "+keep" (use state for unknown)
        // / "+computed" (optional and computed: the daemon fills it when the configuration leaves it out)
        { "credentials", "credentials_name", "required+replace" },
        { "credentials", "role_arn", "required+replace" },
        { "credentials", "credentials_id", "computed+keep" },
        { "credentials", "external_id", "computed+keep" },
        { "credentials", "creation_time", "computed+keep" },
        { "storage_configuration", "storage_configuration_name", "required+replace" },
        { "storage_configuration", "bucket_name", "required+replace" },
        { "storage_configuration", "storage_configuration_id", "computed+keep" },
        { "storage_configuration", "creation_time", "computed+keep" },
        { "network", "network_name", "required+replace" },
        { "network", "vpc_id", "required+replace" },
        { "network", "subnet_ids", "required+replace" },
        { "network", "security_group_ids", "required+replace" },
        { "network", "network_id", "computed+keep" },
        { "network", "vpc_status", "computed" },
        { "network", "creation_time", "computed+keep" },
        { "workspace", "workspace_name", "required+replace" },
        { "workspace", "aws_region", "required+replace" },
        { "workspace", "credentials_id", "required" },
        { "workspace", "storage_configuration_id", "required+replace" },
        { "workspace", "network_id", "optional" },
        { "workspace", "custom_tags", "optional" },
        { "workspace", "workspace_id", "computed+keep" },
        { "workspace", "workspace_url", "computed+keep" },
        { "workspace", "workspace_status", "computed" },
        { "workspace", "deployment_name", "computed+keep" },
        { "workspace", "creation_time", "computed+keep" },
        { "token", "workspace_id", "required+replace" },
        { "token", "comment", "optional+replace" },
        { "token", "lifetime_seconds", "optional+replace" },
        { "token", "token_id", "computed+keep" },
        { "token", "creation_time", "computed+keep" },
        { "token", "expiry_time", "computed+keep" },
        { "token", "token_value", "computed+keep+sensitive" },
        { "user", "user_name", "required" },
        { "user", "display_name", "optional+computed+keep" },
        { "user", "active", "optional+computed" },
        { "user", "external_id", "optional" },
        { "user", "allow_cluster_create", "optional+computed" },
        { "user", "allow_instance_pool_create", "optional+computed" },
        { "user", "databricks_sql_access", "optional+computed" },
        { "user", "workspace_access", "optional+computed" },
        { "user", "user_id", "computed+keep" },
        { "user", "acl_principal_id", "computed" },
        { "group", "display_name", "required" },
        { "group", "external_id", "optional" },
        { "group", "allow_cluster_create", "optional+computed" },
        { "group", "allow_instance_pool_create", "optional+computed" },
        { "group", "databricks_sql_access", "optional+computed" },
        { "group", "workspace_access", "optional+computed" },
        { "group", "group_id", "computed+keep" },
        { "group", "acl_principal_id", "computed" },
        { "group_member", "group_id", "required+replace" },
        { "group_member", "member_id", "required+replace" },
        { "group_member", "membership_id", "computed+keep" },
        { "service_principal", "display_name", "required" },
        { "service_principal", "application_id", "optional+computed+keep+replace" },
        { "service_principal", "active", "optional+computed" },
        { "service_principal", "external_id", "optional" },
        { "service_principal", "allow_cluster_create", "optional+computed" },
        { "service_principal", "allow_instance_pool_create", "optional+computed" },
        { "service_principal", "databricks_sql_access", "optional+computed" },
        { "service_principal", "workspace_access", "optional+computed" },
        { "service_principal", "service_principal_id", "computed+keep" },
        { "service_principal", "acl_principal_id", "computed+keep" },
        { "cluster", "workspace_id", "required+replace" },
        { "cluster", "cluster_name", "required" },
        { "cluster", "spark_version", "required" },
        { "cluster", "node_type_id", "required" },
        { "cluster", "driver_node_type_id", "optional+computed" },
        { "cluster", "num_workers", "optional+computed" },
        { "cluster", "autotermination_minutes", "optional+computed" },
        { "cluster", "custom_tags", "optional" },
        { "cluster", "spark_conf", "optional" },
        { "cluster", "spark_env_vars", "optional" },
        { "cluster", "keep_running", "optional+computed" },
        { "cluster", "cluster_id", "computed+keep" },
        { "cluster", "state", "computed" },
        { "cluster", "state_message", "computed" },
        { "cluster", "default_tags", "computed" },
        { "cluster", "creator_user_name", "computed+keep" },
        { "workspace_file", "workspace_id", "required+replace" },
        { "workspace_file", "path", "required+replace" },
        { "workspace_file", "source", "optional" },
        { "workspace_file", "content_base64", "optional" },
        { "workspace_file", "md5", "computed" },
        { "workspace_file", "object_id", "computed+keep" },
        { "notebook", "workspace_id", "required+replace" },
        { "notebook", "path", "required+replace" },
        { "notebook", "source", "optional" },
        { "notebook", "content_base64", "optional" },
        { "notebook", "language", "optional+computed" },
        { "notebook", "md5", "computed" },
        { "notebook", "object_id", "computed+keep" },
        { "job", "workspace_id", "required+replace" },
        { "job", "name", "optional" },
        { "job", "max_concurrent_runs", "optional+computed" },
        { "job", "timeout_seconds", "optional+computed" },
        { "job", "tags", "optional" },
        { "job", "job_id", "computed+keep" },
        { "job", "creator_user_name", "computed+keep" },
    };

    [Theory]
    [MemberData(nameof(Arguments))]
    public void Attribute_has_the_declared_role(string resource, string attribute, string role)
    {
        var schema = Attribute(resource, attribute);
        var parts = role.Split('+');

        Assert.Equal(parts[0] == "required", schema.Required);
        Assert.Equal(parts[0] == "optional", schema.Optional);
        Assert.Equal(parts[0] == "computed" || parts.Contains("computed"), schema.Computed);
        Assert.Equal(parts.Contains("replace"), schema.RequiresReplace);
        Assert.Equal(parts.Contains("keep"), schema.UseStateForUnknown);
        Assert.Equal(parts.Contains("sensitive"), schema.Sensitive);
    }

    [Fact]
    public void Every_attribute_is_listed_above_so_none_slips_in_unreviewed()
    {
        var declared = Arguments.Concat(CatalogSchemaShapeTests.Arguments).Select(row => (string)row[0] + "." + (string)row[1]).ToHashSet();
        var actual = Provider.Resources.SelectMany(r => r.Schema.Root.Attributes.Select(a => r.Name + "." + a.Name)).ToHashSet();
        Assert.Equal(declared.Order(), actual.Order());
    }

    [Fact]
    public void Resources_and_data_sources_are_the_issue_s()
    {
        Assert.Equal(
            ["catalog", "cluster", "credentials", "external_location", "grant", "grants", "group", "group_member", "job", "metastore", "metastore_assignment",
             "network", "notebook", "schema", "service_principal", "storage_configuration", "storage_credential", "table", "token", "user", "volume",
             "workspace", "workspace_file"],
            Provider.Resources.Select(r => r.Name).Order());
        Assert.Equal(["catalogs", "cluster", "current_user", "effective_permissions", "job", "node_types", "schemas", "spark_versions", "tables", "workspace"],
            Provider.DataSources.Select(d => d.Name).Order());
    }

    [Fact]
    public void No_resource_takes_an_account_id_the_provider_supplies_it()
    {
        Assert.All(Provider.Resources, r => Assert.Null(r.Schema.Root.FindAttribute("account_id")));
    }

    [Theory]
    [InlineData("credentials", "credentials_id")]
    [InlineData("storage_configuration", "storage_configuration_id")]
    [InlineData("network", "network_id")]
    [InlineData("workspace", "workspace_id")]
    [InlineData("token", "token_id")]
    [InlineData("user", "user_id")]
    [InlineData("group", "group_id")]
    [InlineData("group_member", "membership_id")]
    [InlineData("service_principal", "service_principal_id")]
    [InlineData("cluster", "cluster_id")]
    public void Id_attribute_is_a_computed_attribute(string resource, string id)
    {
        Assert.Equal(id, Resource(resource).IdAttribute);
        Assert.True(Attribute(resource, id).Computed);
    }

    [Fact]
    public void Network_id_lists_are_sets_so_order_never_matters()
    {
        Assert.Equal(TypeSpec.SetOf(TypeSpec.String), Attribute("network", "subnet_ids").Type);
        Assert.Equal(TypeSpec.SetOf(TypeSpec.String), Attribute("network", "security_group_ids").Type);
    }

    [Fact]
    public void Workspace_declares_twenty_minute_deadlines_and_no_engine_timeouts_block()
    {
        var workspace = Resource("workspace");

        Assert.Null(workspace.Schema.Root.FindBlock("timeouts"));
        Assert.Equal(new OperationDeadlines(TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20)), workspace.DefaultDeadlines);
    }

    [Fact]
    public void Numbers_are_numbers_and_tags_a_map()
    {
        Assert.Equal(TypeSpec.Number, Attribute("workspace", "workspace_id").Type);
        Assert.Equal(TypeSpec.Number, Attribute("token", "workspace_id").Type);
        Assert.Equal(TypeSpec.MapOf(TypeSpec.String), Attribute("workspace", "custom_tags").Type);
    }

    [Fact]
    public void Data_source_attributes()
    {
        var workspace = Provider.DataSources.Single(d => d.Name == "workspace").Schema;
        Assert.True(workspace.FindAttribute("workspace_id")!.Optional);
        Assert.True(workspace.FindAttribute("workspace_name")!.Optional);
        foreach (var name in new[] { "aws_region", "credentials_id", "storage_configuration_id", "network_id", "custom_tags", "workspace_url", "workspace_status", "deployment_name", "creation_time" })
        {
            Assert.True(workspace.FindAttribute(name)!.Computed, name);
        }
        var user = Provider.DataSources.Single(d => d.Name == "current_user").Schema;
        Assert.Equal(["account_admin", "account_id", "principal_id", "user_name", "workspace_id"], user.Attributes.Select(a => a.Name).Order());
        Assert.All(user.Attributes, a => Assert.True(a.Computed && !a.Optional));
    }

    [Fact]
    public void Workspace_data_source_needs_exactly_one_lookup_key()
    {
        var dataSource = Provider.DataSources.Single(d => d.Name == "workspace");
        Diagnostics Check(Value id, Value name)
        {
            var diagnostics = new Diagnostics();
            dataSource.ValidateConfig(new ObjectValue(new Dictionary<string, Value> { ["workspace_id"] = id, ["workspace_name"] = name }), diagnostics);
            return diagnostics;
        }

        Assert.Contains("exactly one", Assert.Single(Check(Value.Null, Value.Null).Items).Detail);
        Assert.Contains("only one", Assert.Single(Check(Value.Of(1L), Value.Of("prod")).Items).Detail);
        Assert.Empty(Check(Value.Of(1L), Value.Null).Items);
        Assert.Empty(Check(Value.Null, Value.Unknown).Items);
    }
}
