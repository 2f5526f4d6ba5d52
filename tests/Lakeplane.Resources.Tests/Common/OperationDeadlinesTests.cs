using Lakeplane.Protos.Client;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources;

namespace Lakeplane.Resources.Tests.Common;

public sealed class OperationDeadlinesTests
{
    private static readonly ResourceContext Context = new(new LakeplaneConnection("http://127.0.0.1:9", "token", "account"), _ => { });

    [Fact]
    public void Without_a_requested_deadline_every_workspace_operation_gets_twenty_minutes()
    {
        var workspace = new WorkspaceResource();

        Assert.Null(Context.RequestedDeadline);
        Assert.Equal(TimeSpan.FromMinutes(20), Context.DeadlineFor(ResourceOperation.Create, workspace.DefaultDeadlines));
        Assert.Equal(TimeSpan.FromMinutes(20), Context.DeadlineFor(ResourceOperation.Update, workspace.DefaultDeadlines));
        Assert.Equal(TimeSpan.FromMinutes(20), Context.DeadlineFor(ResourceOperation.Delete, workspace.DefaultDeadlines));
    }

    [Fact]
    public void A_requested_deadline_overrides_the_default_of_the_operation_at_hand()
    {
        var context = Context.WithDeadline(TimeSpan.FromSeconds(90));

        Assert.Equal(TimeSpan.FromSeconds(90), context.DeadlineFor(ResourceOperation.Delete, ClusterResource.Deadlines));
        Assert.Same(Context.Client, context.Client);
    }

    [Fact]
    public void Only_the_resources_that_wait_declare_deadlines()
    {
        var waiting = new LakeplaneProvider(_ => null).Resources.Where(r => r.DefaultDeadlines is not null).Select(r => r.Name).Order();

        Assert.Equal(["cluster", "workspace"], waiting);
    }
}
