using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources;

namespace Lakeplane.Resources.Tests.Resources;

/// <summary>
/// State built from the daemon's answers reads as the configuration wrote it, where the daemon
/// cannot tell the difference (null vs empty, a lifetime it does not store, a secret it never
/// returns again, a timeouts block it never sees): otherwise every plan after apply or import
/// would show a change nobody made.
/// </summary>
public sealed class StateFromDaemonTests
{
    private static ObjectValue Prior(params (string Name, Value Value)[] attributes) =>
        new(attributes.ToDictionary(a => a.Name, a => a.Value));

    private static Workspace Workspace(params (string Key, string Value)[] tags)
    {
        var workspace = new Workspace
        {
            WorkspaceId = 7, WorkspaceName = "prod", AwsRegion = "us-east-1", CredentialsId = "c-1", StorageConfigurationId = "s-1",
            WorkspaceStatus = "RUNNING", DeploymentName = "prod", WorkspaceUrl = "http://127.0.0.1/w/prod", CreationTime = 1,
        };
        foreach (var (key, value) in tags)
        {
            workspace.CustomTags[key] = value;
        }
        return workspace;
    }

    [Fact]
    public void Workspace_without_tags_keeps_an_unset_custom_tags_null()
    {
        var state = WorkspaceResource.ToState(Workspace(), Prior(("custom_tags", Value.Null)));
        Assert.True(state["custom_tags"].IsNull);
        Assert.True(WorkspaceResource.ToState(Workspace(), prior: null)["custom_tags"].IsNull);
    }

    [Fact]
    public void Workspace_without_tags_keeps_a_written_empty_map_empty()
    {
        var state = WorkspaceResource.ToState(Workspace(), Prior(("custom_tags", new ObjectValue(new Dictionary<string, Value>()))));
        Assert.Empty(Assert.IsType<ObjectValue>(state["custom_tags"]).Attributes);
    }

    [Fact]
    public void Workspace_tags_set_out_of_band_show_even_when_the_configuration_has_none()
    {
        var state = WorkspaceResource.ToState(Workspace(("team", "data")), Prior(("custom_tags", Value.Null)));
        Assert.Equal("data", ((StringValue)((ObjectValue)state["custom_tags"])["team"]).Value);
    }

    [Fact]
    public void Workspace_managed_network_is_null_and_state_has_no_engine_timeouts_block()
    {
        var timeouts = Prior(("create", Value.Of("5m")), ("update", Value.Null), ("delete", Value.Null));
        var state = WorkspaceResource.ToState(Workspace(), Prior(("timeouts", timeouts)));

        Assert.True(state["network_id"].IsNull);
        // Terraform's timeouts block is the Terraform adapter's to keep (TimeoutsBlock); the model's state never has it.
        Assert.False(state.Attributes.ContainsKey("timeouts"));
        Assert.Equal(7m, ((NumberValue)state["workspace_id"]).Value);
    }

    private static TokenInfo Token(long lifetimeSeconds, string comment = "") => new()
    {
        TokenId = "t-1", WorkspaceId = 7, Comment = comment, CreationTime = 1_700_000_000_000,
        ExpiryTime = lifetimeSeconds == 0 ? -1 : 1_700_000_000_000 + lifetimeSeconds * 1000,
    };

    [Fact]
    public void Token_keeps_its_secret_from_state_and_has_none_after_import()
    {
        var read = TokenResource.ToState(Token(3600), Prior(("lifetime_seconds", Value.Of(3600L))), Value.Of("lpt_secret"));
        var imported = TokenResource.ToState(Token(3600), prior: null, Value.Null);

        Assert.Equal("lpt_secret", ((StringValue)read["token_value"]).Value);
        Assert.True(imported["token_value"].IsNull);
    }

    [Fact]
    public void Token_lifetime_follows_from_creation_and_expiry()
    {
        var imported = TokenResource.ToState(Token(7200), prior: null, Value.Null);
        var neverExpires = TokenResource.ToState(Token(0), prior: null, Value.Null);

        Assert.Equal(7200m, ((NumberValue)imported["lifetime_seconds"]).Value);
        Assert.True(neverExpires["lifetime_seconds"].IsNull);
        Assert.Equal(-1m, ((NumberValue)neverExpires["expiry_time"]).Value);
    }

    [Fact]
    public void Token_lifetime_written_as_zero_stays_zero_for_a_token_that_never_expires()
    {
        var state = TokenResource.ToState(Token(0), Prior(("lifetime_seconds", Value.Of(0L))), Value.Null);
        Assert.Equal(0m, ((NumberValue)state["lifetime_seconds"]).Value);
    }

    [Fact]
    public void Token_empty_comment_is_null_unless_written_empty()
    {
        Assert.True(TokenResource.ToState(Token(0), Prior(("comment", Value.Null)), Value.Null)["comment"].IsNull);
        Assert.Equal("", ((StringValue)TokenResource.ToState(Token(0), Prior(("comment", Value.Of(""))), Value.Null)["comment"]).Value);
        Assert.Equal("ci", ((StringValue)TokenResource.ToState(Token(0, "ci"), prior: null, Value.Null)["comment"]).Value);
    }
}
