using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources.Catalog;
using static Lakeplane.Resources.Tests.Catalog.GrantValues;

namespace Lakeplane.Resources.Tests.Catalog;

/// <summary>
/// Planning of lakeplane_grants and lakeplane_grant through the shared planner: sets never diff
/// on order, every revocation is announced per principal, and bad privileges are refused at
/// validate time on the attribute that holds them.
/// </summary>
public sealed class GrantsPlanningTests
{
    private static readonly GrantsResource Grants = new();
    private static readonly GrantResource Grant = new();

    private static Diagnostics Validate(ResourceDefinition resource, ObjectValue config)
    {
        var diagnostics = new Diagnostics();
        ConfigValidator.Validate(resource.Schema.Root, config, diagnostics);
        resource.ValidateConfig(config, diagnostics);
        return diagnostics;
    }

    [Fact]
    public void Privileges_and_blocks_in_another_order_plan_no_change()
    {
        var state = Grants("table", "main.sales.orders", withId: true, Block("bob@example.com", "SELECT", "MODIFY"), Block("analysts", "SELECT"));
        var config = Grants("table", "main.sales.orders", withId: false, Block("analysts", "SELECT"), Block("bob@example.com", "MODIFY", "SELECT"));

        var plan = ResourcePlanner.Plan(Grants, state, config);

        Assert.False(PlannedChange.Differs(Grants.Schema.Root, state, plan.Planned));
        Assert.Empty(plan.Diagnostics.Items);
        Assert.Empty(plan.RequiresReplace);
    }

    [Fact]
    public void A_plan_that_revokes_warns_per_principal_naming_privileges_and_securable()
    {
        var state = Grants("table", "main.sales.orders", withId: true,
            Block("bob@example.com", "SELECT", "MODIFY"), Block("carol@example.com", "SELECT"), Block("analysts", "SELECT"));
        var config = Grants("table", "main.sales.orders", withId: false, Block("bob@example.com", "MODIFY"), Block("analysts", "SELECT", "REFRESH"));

        var plan = ResourcePlanner.Plan(Grants, state, config);

        Assert.True(PlannedChange.Differs(Grants.Schema.Root, state, plan.Planned));
        Assert.Collection(plan.Diagnostics.Items.OrderBy(d => d.Detail, StringComparer.Ordinal),
            d =>
            {
                Assert.Equal(Severity.Warning, d.Severity);
                Assert.Equal("Privileges will be revoked from bob@example.com", d.Summary);
                Assert.StartsWith("lakeplane_grants will revoke SELECT from bob@example.com on table main.sales.orders.", d.Detail);
                Assert.Equal(AttributePath.Of("grant"), d.Path);
            },
            d => Assert.StartsWith("lakeplane_grants will revoke SELECT from carol@example.com on table main.sales.orders.", d.Detail));
    }

    [Fact]
    public void Changing_the_securable_replaces_and_announces_no_in_place_revocation()
    {
        var state = Grants("catalog", "main", withId: true, Block("analysts", "USE_CATALOG"));
        var config = Grants("catalog", "sandbox", withId: false, Block("analysts", "USE_CATALOG"));

        var plan = ResourcePlanner.Plan(Grants, state, config);

        Assert.Equal([AttributePath.Of("catalog")], plan.RequiresReplace);
        Assert.Empty(plan.Diagnostics.Items);
    }

    [Theory]
    [InlineData("select", "write it as the API does, \"SELECT\"")]
    [InlineData("USE CATALOG", "write it as the API does, \"USE_CATALOG\"")]
    [InlineData("READ_EVERYTHING", "is not a Unity Catalog privilege")]
    public void A_misspelt_or_unknown_privilege_is_refused_on_its_attribute(string privilege, string expected)
    {
        var diagnostics = Validate(Grant, GrantValues.Grant("catalog", "main", "analysts", privilege));

        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("Invalid privilege", error.Summary);
        Assert.Contains(expected, error.Detail);
        Assert.Equal(AttributePath.Of("privileges"), error.Path);
    }

    [Fact]
    public void A_privilege_that_does_not_apply_to_the_securable_is_refused_listing_those_that_do()
    {
        var diagnostics = Validate(Grants, Grants("table", "main.sales.orders", withId: false, Block("analysts", "SELECT", "USE_CATALOG")));

        var error = Assert.Single(diagnostics.Items);
        Assert.Equal("Privilege not applicable", error.Summary);
        Assert.Contains("USE_CATALOG, which cannot be granted on a table", error.Detail);
        Assert.Contains("ALL_PRIVILEGES, APPLY_TAG, MANAGE, MODIFY, REFRESH, SELECT", error.Detail);
        Assert.Equal(AttributePath.Of("grant").Attribute("privileges"), error.Path);
    }

    [Fact]
    public void All_privileges_is_not_grantable_on_a_metastore()
    {
        var diagnostics = Validate(Grant, GrantValues.Grant("metastore", "8f2c1e3a", "admins", "ALL_PRIVILEGES"));

        Assert.Contains("cannot be granted on a metastore", Assert.Single(diagnostics.Items).Detail);
    }

    [Fact]
    public void Exactly_one_securable_is_required()
    {
        var none = Grants("catalog", "main", withId: false, Block("analysts", "USE_CATALOG")).With("catalog", Value.Null);
        Assert.Equal("Missing securable", Assert.Single(Validate(Grants, none).Items).Summary);

        var two = Grants("catalog", "main", withId: false, Block("analysts", "USE_CATALOG")).With("schema", Value.Of("main.sales"));
        var error = Assert.Single(Validate(Grants, two).Items);
        Assert.Equal("Conflicting securables", error.Summary);
        Assert.Contains("catalog, schema", error.Detail);
    }

    [Fact]
    public void A_principal_in_two_grant_blocks_is_refused()
    {
        var config = Grants("schema", "main.sales", withId: false, Block("analysts", "USE_SCHEMA"), Block("Analysts", "SELECT"));

        var error = Assert.Single(Validate(Grants, config).Items);

        Assert.Equal("Duplicate principal", error.Summary);
    }

    [Fact]
    public void Unknown_securable_is_not_judged_yet()
    {
        var config = Grants("catalog", "main", withId: false, Block("analysts", "USE_CATALOG")).With("catalog", Value.Unknown);

        Assert.Empty(Validate(Grants, config).Items);
    }

    [Fact]
    public void A_securable_full_name_must_have_its_levels_in_lower_case()
    {
        var wrongLevels = Validate(Grant, GrantValues.Grant("table", "main.orders", "analysts", "SELECT"));
        Assert.Contains("catalog.schema.name", Assert.Single(wrongLevels.Items).Detail);

        var upper = Validate(Grant, GrantValues.Grant("schema", "Main.Sales", "analysts", "SELECT"));
        Assert.Contains("write \"main.sales\"", Assert.Single(upper.Items).Detail);
    }
}
