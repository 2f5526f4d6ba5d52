using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Resources.Resources;

namespace Lakeplane.Resources.Tests.Resources;

/// <summary>
/// The identity resources' planning and state: a minimal configuration plans empty after apply, entitlements granted
/// out of band show as drift, renames change in place, application_id replaces, memberships import by "group|member".
/// </summary>
public sealed class IdentityResourceTests
{
    private static ObjectValue ConfigOf(ResourceDefinition resource, params (string Name, Value Value)[] written)
    {
        var values = resource.Schema.Root.Attributes.ToDictionary(a => a.Name, _ => Value.Null);
        foreach (var (name, value) in written)
        {
            values[name] = value;
        }
        return new ObjectValue(values);
    }

    private static User User(params string[] entitlements) => new()
    {
        Id = "u-1", UserName = "alice@example.com", DisplayName = "alice@example.com", Active = true, Entitlements = { entitlements },
    };

    [Fact]
    public void A_user_written_with_only_its_name_plans_no_change_after_create()
    {
        var resource = new UserResource();
        var state = UserResource.ToState(User());
        var plan = ResourcePlanner.Plan(resource, state, ConfigOf(resource, ("user_name", Value.Of("alice@example.com"))));

        Assert.False(PlannedChange.Differs(resource.Schema.Root, state, plan.Planned));
        Assert.Empty(plan.RequiresReplace);
        Assert.Equal("users/alice@example.com", ((StringValue)state["acl_principal_id"]).Value);
        Assert.True(state["external_id"].IsNull);
    }

    [Fact]
    public void A_new_user_plans_its_defaults_and_leaves_the_display_name_to_the_daemon()
    {
        var resource = new UserResource();
        var plan = ResourcePlanner.Plan(resource, null, ConfigOf(resource, ("user_name", Value.Of("bob@example.com"))));

        Assert.True(((BoolValue)plan.Planned["active"]).Value);
        Assert.False(((BoolValue)plan.Planned["allow_cluster_create"]).Value);
        Assert.True(plan.Planned["display_name"].IsUnknown);
        Assert.True(plan.Planned["user_id"].IsUnknown);
    }

    [Fact]
    public void An_entitlement_granted_out_of_band_is_drift_the_configuration_takes_back()
    {
        var resource = new UserResource();
        var state = UserResource.ToState(User("databricks-sql-access"));
        Assert.True(((BoolValue)state["databricks_sql_access"]).Value);
        Assert.False(((BoolValue)state["workspace_access"]).Value);

        var plan = ResourcePlanner.Plan(resource, state, ConfigOf(resource, ("user_name", Value.Of("alice@example.com"))));
        Assert.True(PlannedChange.Differs(resource.Schema.Root, state, plan.Planned));
        Assert.False(((BoolValue)plan.Planned["databricks_sql_access"]).Value);
        Assert.Empty(Lakeplane.Resources.Resources.Common.Entitlements.From(plan.Planned));
    }

    [Fact]
    public void Renaming_a_user_changes_it_in_place_and_its_acl_principal_id_later()
    {
        var resource = new UserResource();
        var state = UserResource.ToState(User());
        var plan = ResourcePlanner.Plan(resource, state, ConfigOf(resource, ("user_name", Value.Of("alice@example.org"))));

        Assert.Empty(plan.RequiresReplace);
        Assert.Equal("u-1", ((StringValue)plan.Planned["user_id"]).Value);
        Assert.True(plan.Planned["acl_principal_id"].IsUnknown);
        Assert.Equal("alice@example.com", ((StringValue)plan.Planned["display_name"]).Value);
    }

    [Fact]
    public void A_service_principal_keeps_its_generated_application_id_and_another_one_replaces_it()
    {
        var resource = new ServicePrincipalResource();
        var applicationId = Guid.NewGuid().ToString();
        var state = ServicePrincipalResource.ToState(new ServicePrincipal
        {
            Id = "sp-1", ApplicationId = applicationId, DisplayName = "ci", Active = true, Entitlements = { "allow-cluster-create" },
        });
        var config = ConfigOf(resource, ("display_name", Value.Of("ci")), ("allow_cluster_create", Value.Of(true)));

        var unchanged = ResourcePlanner.Plan(resource, state, config);
        Assert.False(PlannedChange.Differs(resource.Schema.Root, state, unchanged.Planned));
        Assert.Empty(unchanged.RequiresReplace);

        var renamed = ResourcePlanner.Plan(resource, state, config.With("display_name", Value.Of("ci-2")));
        Assert.Empty(renamed.RequiresReplace);
        Assert.Equal(applicationId, ((StringValue)renamed.Planned["application_id"]).Value);

        var other = ResourcePlanner.Plan(resource, state, config.With("application_id", Value.Of(Guid.NewGuid().ToString())));
        Assert.Equal([AttributePath.Of("application_id")], other.RequiresReplace);
    }

    [Fact]
    public void An_application_id_must_be_a_lowercase_uuid()
    {
        var attribute = new ServicePrincipalResource().Schema.Root.FindAttribute("application_id")!;
        var diagnostics = new Diagnostics();
        foreach (var validator in attribute.Validators)
        {
            validator.Validate(Value.Of("not-a-uuid"), AttributePath.Of("application_id"), diagnostics);
        }
        Assert.Contains("UUID", Assert.Single(diagnostics.Items).Detail);
    }

    [Fact]
    public void A_group_keeps_its_members_out_of_its_state()
    {
        var state = GroupResource.ToState(new Group
        {
            Id = "g-1", DisplayName = "engineers", Members = { new GroupMember { MemberId = "u-1", Kind = "USER", Display = "alice" } },
        });
        Assert.Equal("groups/engineers", ((StringValue)state["acl_principal_id"]).Value);
        Assert.Null(new GroupResource().Schema.Root.FindAttribute("members"));
        var resource = new GroupResource();
        var plan = ResourcePlanner.Plan(resource, state, ConfigOf(resource, ("display_name", Value.Of("engineers"))));
        Assert.False(PlannedChange.Differs(resource.Schema.Root, state, plan.Planned));
    }

    [Fact]
    public void Another_group_or_member_replaces_a_membership()
    {
        var resource = new GroupMemberResource();
        var state = GroupMemberResource.ToState("g-1", "u-1");
        Assert.Equal("g-1|u-1", ((StringValue)state["membership_id"]).Value);
        var plan = ResourcePlanner.Plan(resource, state, ConfigOf(resource, ("group_id", Value.Of("g-1")), ("member_id", Value.Of("u-2"))));
        Assert.Equal([AttributePath.Of("member_id")], plan.RequiresReplace);
    }

    [Theory]
    [InlineData("g-1")]
    [InlineData("g-1|")]
    [InlineData("|u-1")]
    [InlineData("g-1|u-1|x")]
    public async Task Group_member_import_id_is_group_id_pipe_member_id(string id)
    {
        // Nothing listens here: a test that reached the daemon would fail with a connection error instead.
        var unreachable = new ResourceContext(new LakeplaneConnection("http://127.0.0.1:9", "token", "account"), _ => { });
        var error = await Assert.ThrowsAsync<ResourceException>(() => new GroupMemberResource().ImportAsync(unreachable, id, CancellationToken.None));
        Assert.Equal("Invalid import id", error.Diagnostic.Summary);
        Assert.Contains("\"<group_id>|<member_id>\"", error.Diagnostic.Detail);
    }
}
