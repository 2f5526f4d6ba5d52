using Lakeplane.Pulumi.Protocol;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Tests.Protocol;

public sealed class PulumiNextStepsTests
{
    [Fact]
    public void A_gone_object_tells_the_pulumi_user_to_refresh_so_the_update_re_creates_it()
    {
        var gone = Diagnostic.Error("Cannot update network", "It no longer exists in lakeplaned.") with { Next = NextStep.Recreate() };

        Assert.Equal("Cannot update network: It no longer exists in lakeplaned. Run pulumi up --refresh to re-create it.", RpcFailures.Describe(gone));
    }

    [Fact]
    public void A_deadline_is_raised_with_custom_timeouts_never_with_a_timeouts_block()
    {
        var slow = Diagnostic.Error("Workspace not RUNNING in time", "It is still PROVISIONING after 20 minutes, its create deadline.")
            with { Next = new NextStep(ResourceOperation.Create) { KeptIncomplete = true, DeadlineMayHelp = true } };

        var text = RpcFailures.Describe(slow);

        Assert.Contains("raise the create value of the resource's customTimeouts option and run pulumi up again", text, StringComparison.Ordinal);
        Assert.DoesNotContain("terraform", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("timeouts.create", text, StringComparison.Ordinal);
    }
}
