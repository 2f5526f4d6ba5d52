using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Tests.Common;

public sealed class OperationTimeoutsTests
{
    private static readonly OperationTimeouts Defaults = WorkspaceResource.DefaultTimeouts;

    [Fact]
    public void Without_a_block_every_operation_gets_twenty_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(20), Defaults.Create);
        Assert.Equal(Defaults, OperationTimeouts.From(ObjectValue.Empty, Defaults));
    }

    [Fact]
    public void Written_timeouts_override_only_their_operation()
    {
        var plan = ObjectValue.Empty.With("timeouts", new ObjectValue(new Dictionary<string, Value>
        {
            ["create"] = Value.Of("1h30m"),
            ["update"] = Value.Null,
            ["delete"] = Value.Of("90s"),
        }));

        var timeouts = OperationTimeouts.From(plan, Defaults);

        Assert.Equal(TimeSpan.FromMinutes(90), timeouts.Create);
        Assert.Equal(TimeSpan.FromMinutes(20), timeouts.Update);
        Assert.Equal(TimeSpan.FromSeconds(90), timeouts.Delete);
    }
}
