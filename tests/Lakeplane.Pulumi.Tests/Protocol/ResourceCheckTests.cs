using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.Protocol;

/// <summary>Check: the model's validation as CheckFailures on camelCase properties, each saying how to fix it.</summary>
public sealed class ResourceCheckTests(HarnessFixture fixture) : IClassFixture<HarnessFixture>
{
    private const string NetworkType = "lakeplane:index:Network";

    private ResourceProvider.ResourceProviderClient Provider => fixture.Harness.Provider;

    private CheckResponse CheckNetwork(Google.Protobuf.WellKnownTypes.Struct news) =>
        Provider.Check(new CheckRequest { Urn = EngineHarness.Urn(NetworkType, "net"), Type = NetworkType, Name = "net", News = news });

    [Fact]
    public void Bad_inputs_fail_on_their_camelCase_property_with_the_fix()
    {
        var response = CheckNetwork(Props.Of(
            ("vpcId", "not-a-vpc"),
            ("subnetIds", new[] { "subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718" }),
            ("securityGroupIds", new[] { "sg-0a1b2c3d4e5f60718" })));

        var properties = response.Failures.Select(f => f.Property).ToList();
        Assert.Contains("networkName", properties);
        Assert.Contains("vpcId", properties);
        var missingName = response.Failures.Single(f => f.Property == "networkName");
        Assert.Contains("networkName", missingName.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("network_name", missingName.Reason, StringComparison.Ordinal);
        var badVpc = response.Failures.Single(f => f.Property == "vpcId");
        Assert.Contains("vpc-", badVpc.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_input_the_resource_does_not_have_is_named()
    {
        var response = CheckNetwork(Props.Of(
            ("networkName", "prod-network"),
            ("vpcId", "vpc-0a1b2c3d4e5f60718"),
            ("subnetIds", new[] { "subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718" }),
            ("securityGroupIds", new[] { "sg-0a1b2c3d4e5f60718" }),
            ("vpc_id", "vpc-0a1b2c3d4e5f60718")));

        var failure = Assert.Single(response.Failures);
        Assert.Equal("vpc_id", failure.Property);
        Assert.Contains("vpcId", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Computed_outputs_cannot_be_set_as_inputs()
    {
        var response = CheckNetwork(Props.Of(
            ("networkName", "prod-network"),
            ("vpcId", "vpc-0a1b2c3d4e5f60718"),
            ("subnetIds", new[] { "subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718" }),
            ("securityGroupIds", new[] { "sg-0a1b2c3d4e5f60718" }),
            ("vpcStatus", "VALID")));

        Assert.Equal("vpcStatus", Assert.Single(response.Failures).Property);
    }

    [Fact]
    public void Unknown_and_secret_inputs_pass_and_come_back_as_they_were()
    {
        var news = Props.Of(
            ("networkName", Props.Secret("prod-network")),
            ("vpcId", Props.Unknown),
            ("subnetIds", new object[] { Props.Unknown, "subnet-1a1b2c3d4e5f60718" }),
            ("securityGroupIds", Props.Output(new[] { "sg-0a1b2c3d4e5f60718" }, known: true)));

        var response = CheckNetwork(news);

        Assert.Empty(response.Failures);
        Assert.Equal(news, response.Inputs);
    }

    [Fact]
    public void Workspace_timeouts_are_not_a_Pulumi_input()
    {
        const string workspace = "lakeplane:index:Workspace";
        var response = Provider.Check(new CheckRequest
        {
            Urn = EngineHarness.Urn(workspace, "ws"),
            Type = workspace,
            News = Props.Of(
                ("workspaceName", "prod"), ("awsRegion", "eu-west-1"), ("credentialsId", "c"), ("storageConfigurationId", "s"),
                ("timeouts", Props.Of(("create", "5m")))),
        });

        var failure = Assert.Single(response.Failures);
        Assert.Equal("timeouts", failure.Property);
        Assert.Contains("customTimeouts", failure.Reason, StringComparison.Ordinal);
    }
}
