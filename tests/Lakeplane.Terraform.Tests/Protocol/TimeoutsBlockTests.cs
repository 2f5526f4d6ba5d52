using Lakeplane.Resources;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources;
using Lakeplane.Terraform.Protocol;

namespace Lakeplane.Terraform.Tests.Protocol;

/// <summary>Terraform's timeouts block: only on the Terraform side, mapped to the model's operation deadline.</summary>
public sealed class TimeoutsBlockTests
{
    private static readonly LakeplaneProvider Provider = new(_ => null);

    [Fact]
    public void Resources_that_wait_get_the_block_in_their_terraform_schema_and_the_model_has_none()
    {
        foreach (var resource in Provider.Resources)
        {
            Assert.Null(resource.Schema.Root.FindBlock(TimeoutsBlock.Name));
            var block = TimeoutsBlock.SchemaOf(resource).Root.FindBlock(TimeoutsBlock.Name);
            Assert.Equal(resource.DefaultDeadlines is not null, block is not null);
        }
        var workspace = TimeoutsBlock.SchemaOf(new WorkspaceResource()).Root.FindBlock(TimeoutsBlock.Name)!;
        Assert.Equal(BlockNesting.Single, workspace.Nesting);
        Assert.Equal(["create", "update", "delete"], workspace.Object.Attributes.Select(a => a.Name));
        Assert.All(workspace.Object.Attributes, a =>
        {
            Assert.True(a.Optional);
            Assert.Equal(TypeSpec.String, a.Type);
            Assert.NotEmpty(a.Validators);
        });
        Assert.Equal("Default 20m.", workspace.Object.FindAttribute("create")!.Description);
    }

    [Fact]
    public void Written_timeouts_become_the_deadline_of_their_operation_only()
    {
        var plan = ObjectValue.Empty.With("timeouts", new ObjectValue(new Dictionary<string, Value>
        {
            ["create"] = Value.Of("1h30m"),
            ["update"] = Value.Null,
            ["delete"] = Value.Of("90s"),
        }));

        Assert.Equal(TimeSpan.FromMinutes(90), TimeoutsBlock.Requested(plan, ResourceOperation.Create));
        Assert.Null(TimeoutsBlock.Requested(plan, ResourceOperation.Update));
        Assert.Equal(TimeSpan.FromSeconds(90), TimeoutsBlock.Requested(plan, ResourceOperation.Delete));
        Assert.Null(TimeoutsBlock.Requested(ObjectValue.Empty, ResourceOperation.Create));
    }

    [Fact]
    public void The_model_never_sees_the_block_and_state_keeps_it_as_written()
    {
        var written = new ObjectValue(new Dictionary<string, Value> { ["create"] = Value.Of("5m") });
        var planned = ObjectValue.Empty.With("workspace_name", Value.Of("prod")).With("timeouts", written);

        var toModel = TimeoutsBlock.Without(planned);
        var state = TimeoutsBlock.CarriedOver(new WorkspaceResource(), toModel.With("workspace_id", Value.Of(1)), planned);

        Assert.False(toModel.Attributes.ContainsKey("timeouts"));
        Assert.Same(written, state["timeouts"]);
        Assert.False(TimeoutsBlock.CarriedOver(new NetworkResource(), toModel, planned).Attributes.ContainsKey("timeouts"));
    }

    [Fact]
    public void A_next_step_is_worded_with_terraform_commands_and_the_timeouts_block()
    {
        var gone = Diagnostic.Error("Cannot update network", "It no longer exists in lakeplaned.") with { Next = NextStep.Recreate() };
        var slow = Diagnostic.Error("Workspace not RUNNING in time", "It is still PROVISIONING after 20 minutes, its create deadline.")
            with { Next = new NextStep(ResourceOperation.Create) { KeptIncomplete = true, DeadlineMayHelp = true } };
        var stuck = Diagnostic.Error("Cluster not terminated in time", "It is still TERMINATING.")
            with { Next = new NextStep(ResourceOperation.Delete) { DeadlineMayHelp = true } };

        Assert.Equal("It no longer exists in lakeplaned. Run terraform apply again to re-create it.", DiagnosticTranslator.ToProto(gone).Detail);
        Assert.Contains("Terraform marks it tainted", DiagnosticTranslator.ToProto(slow).Detail, StringComparison.Ordinal);
        Assert.Contains("raise timeouts.create and run terraform apply again", DiagnosticTranslator.ToProto(slow).Detail, StringComparison.Ordinal);
        Assert.EndsWith("Run terraform destroy again, or raise timeouts.delete.", DiagnosticTranslator.ToProto(stuck).Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("pulumi", DiagnosticTranslator.ToProto(slow).Detail, StringComparison.OrdinalIgnoreCase);
    }
}
