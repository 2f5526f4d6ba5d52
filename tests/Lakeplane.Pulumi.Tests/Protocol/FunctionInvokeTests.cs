using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.Protocol;

/// <summary>Invoke: data sources as functions; bad arguments come back as failures, unknown functions as errors.</summary>
public sealed class FunctionInvokeTests(HarnessFixture fixture) : IClassFixture<HarnessFixture>
{
    [Fact]
    public void An_argument_the_function_does_not_take_is_a_failure_on_it()
    {
        var response = fixture.Harness.Provider.Invoke(new InvokeRequest
        {
            Tok = "lakeplane:index:getWorkspace",
            Args = Props.Of(("workspaceName", "prod"), ("region", "eu-west-1")),
        });

        var failure = Assert.Single(response.Failures);
        Assert.Equal("region", failure.Property);
    }

    [Fact]
    public void An_unknown_function_is_an_error_that_names_it()
    {
        var error = Assert.Throws<RpcException>(() => fixture.Harness.Provider.Invoke(new InvokeRequest { Tok = "lakeplane:index:getGadget", Args = Props.Of() }));

        Assert.Contains("lakeplane:index:getGadget", error.Status.Detail, StringComparison.Ordinal);
    }
}
