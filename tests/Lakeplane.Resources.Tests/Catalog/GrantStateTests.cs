using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources.Catalog;
using static Lakeplane.Resources.Tests.Catalog.GrantValues;

namespace Lakeplane.Resources.Tests.Catalog;

/// <summary>
/// State built from the permissions API: what was configured reads back unchanged when the API
/// means the same (no perpetual diff), and what was granted out of band shows as a change.
/// </summary>
public sealed class GrantStateTests
{
    private static readonly Securable Orders = new(SecurableKind.Table, "main.sales.orders");

    [Fact]
    public void All_privileges_with_select_reads_back_as_written_even_if_the_api_collapses_it()
    {
        var written = Grants("table", "main.sales.orders", withId: true, Block("owners", "ALL_PRIVILEGES", "SELECT"));
        var answered = new Dictionary<string, IReadOnlySet<string>> { ["owners"] = Privileges("ALL_PRIVILEGES") };

        var state = GrantsResource.ToState(42, Orders, answered, written);

        Assert.False(PlannedChange.Differs(new GrantsResource().Schema.Root, written, state));
    }

    [Fact]
    public void A_grant_added_out_of_band_is_drift_and_the_next_plan_revokes_it_with_a_warning()
    {
        var written = Grants("table", "main.sales.orders", withId: true, Block("analysts", "SELECT"));
        var answered = new Dictionary<string, IReadOnlySet<string>> { ["analysts"] = Privileges("SELECT"), ["mallory@example.com"] = Privileges("MODIFY") };

        var refreshed = GrantsResource.ToState(42, Orders, answered, written);
        var plan = ResourcePlanner.Plan(new GrantsResource(), refreshed, written.With("id", Value.Null));

        Assert.True(PlannedChange.Differs(new GrantsResource().Schema.Root, written, refreshed));
        Assert.Contains("will revoke MODIFY from mallory@example.com on table main.sales.orders", Assert.Single(plan.Diagnostics.Items).Detail);
    }

    [Fact]
    public void Principal_spelling_of_the_configuration_is_kept()
    {
        var written = Grants("table", "main.sales.orders", withId: true, Block("Alice@Example.com", "SELECT"));
        var answered = new Dictionary<string, IReadOnlySet<string>> { ["alice@example.com"] = Privileges("SELECT") };

        var state = GrantsResource.ToState(42, Orders, answered, written);

        var block = (ObjectValue)((CollectionValue)state["grant"]).Elements.Single();
        Assert.Equal("Alice@Example.com", ((StringValue)block["principal"]).Value);
        Assert.Equal("42/table/main.sales.orders", ((StringValue)state["id"]).Value);
    }

    [Fact]
    public void Single_grant_left_with_nothing_reads_as_an_empty_set_not_as_gone()
    {
        var written = GrantValues.Grant("table", "main.sales.orders", "analysts", "SELECT");

        var state = GrantResource.ToState(42, Orders, "analysts", Privileges(), written);

        Assert.Empty(((CollectionValue)state["privileges"]).Elements);
        Assert.Equal("42/table/main.sales.orders/analysts", ((StringValue)state["id"]).Value);
    }
}
