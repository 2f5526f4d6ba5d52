using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Tests.Support;

namespace Lakeplane.Pulumi.Tests.Components;

/// <summary>
/// lakeplane:aws:WorkspaceStack constructed by the plugin process against a mock ResourceMonitor:
/// what it registers, with which inputs, under which parent and provider, and how outputs of one
/// child become inputs of the next.
/// </summary>
public sealed class WorkspaceStackTests
{
    private const string AccountId = "acc-123";
    private const string AwsProvider = "urn:pulumi:dev::lakeplane-tests::pulumi:providers:aws::eu::aws-provider-id";
    private const string LakeplaneProvider = "urn:pulumi:dev::lakeplane-tests::pulumi:providers:lakeplane::lp::lp-provider-id";

    private static Struct Inputs(string vpcCidr = "10.20.0.0/16", params string[] zones) => Props.Of(
        ("name", "prod"),
        ("region", "eu-west-1"),
        ("vpcCidr", vpcCidr),
        ("availabilityZones", zones.Length > 0 ? zones : new[] { "eu-west-1a", "eu-west-1b" }));

    private static async Task<(MockResourceMonitor Monitor, ConstructResponse Response)> ConstructAsync(
        bool dryRun, Struct inputs, IDictionary<string, string>? providers = null)
    {
        var monitor = new MockResourceMonitor(dryRun);
        await using var monitorServer = await GrpcTestServer.StartAsync(monitor);
        await using var harness = await EngineHarness.StartAsync();
        harness.Configure(Props.Of(("host", "http://127.0.0.1:1"), ("token", Props.Secret("t")), ("accountId", AccountId)));
        var request = new ConstructRequest
        {
            Project = MockResourceMonitor.Project,
            Stack = MockResourceMonitor.Stack,
            DryRun = dryRun,
            MonitorEndpoint = monitorServer.Address,
            Type = "lakeplane:aws:WorkspaceStack",
            Name = "prod",
            Parent = "urn:pulumi:dev::lakeplane-tests::pulumi:pulumi:Stack::lakeplane-tests-dev",
            Inputs = inputs,
        };
        if (providers is not null)
        {
            request.Providers.Add(providers);
        }
        var response = await harness.Provider.ConstructAsync(request);
        return (monitor, response);
    }

    private static string Input(RegisterResourceRequest registration, string key) => registration.Object.Fields[key].StringValue;

    [Fact]
    public async Task Registers_the_component_then_every_child_under_it()
    {
        var (monitor, response) = await ConstructAsync(dryRun: false, Inputs());

        Assert.Contains("secrets", monitor.FeaturesAsked);
        var component = monitor.Registrations.First();
        Assert.Equal("lakeplane:aws:WorkspaceStack", component.Type);
        Assert.False(component.Custom);
        Assert.Equal("urn:pulumi:dev::lakeplane-tests::pulumi:pulumi:Stack::lakeplane-tests-dev", component.Parent);
        Assert.Equal("urn:pulumi:dev::lakeplane-tests::lakeplane:aws:WorkspaceStack::prod", response.Urn);
        var children = monitor.Registrations.Skip(1).ToList();
        Assert.Equal(
            new[]
            {
                "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/subnet:Subnet", "aws:ec2/subnet:Subnet", "aws:ec2/vpc:Vpc",
                "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "aws:s3/bucketV2:BucketV2",
                "lakeplane:index:Credentials", "lakeplane:index:Network", "lakeplane:index:StorageConfiguration", "lakeplane:index:Workspace",
            },
            children.Select(c => c.Type).Order(StringComparer.Ordinal));
        Assert.All(children, child =>
        {
            Assert.True(child.Custom);
            Assert.True(child.AcceptSecrets);
            Assert.Equal(response.Urn, child.Parent);
        });
        // The workspace comes last: it needs the ids of everything before it.
        Assert.Equal("lakeplane:index:Workspace", children.Last().Type);
    }

    [Fact]
    public async Task The_role_trusts_the_control_plane_only_with_the_account_id_as_external_id()
    {
        var (monitor, _) = await ConstructAsync(dryRun: false, Inputs());

        using var policy = JsonDocument.Parse(Input(monitor.Single("aws:iam/role:Role"), "assumeRolePolicy"));
        var statement = Assert.Single(policy.RootElement.GetProperty("Statement").EnumerateArray());
        Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
        Assert.Equal("sts:AssumeRole", statement.GetProperty("Action").GetString());
        Assert.Equal($"arn:aws:iam::{MockResourceMonitor.AwsAccount}:root", statement.GetProperty("Principal").GetProperty("AWS").GetString());
        Assert.Equal(AccountId, statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
        var rolePolicy = monitor.Single("aws:iam/rolePolicy:RolePolicy");
        Assert.Equal(monitor.Single("aws:iam/role:Role").Name, Input(rolePolicy, "role"));
        Assert.Contains("ec2:RunInstances", Input(rolePolicy, "policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_control_plane_principal_is_trusted_instead_of_the_account_root()
    {
        var inputs = Inputs();
        inputs.Fields["controlPlanePrincipal"] = Value.ForString("arn:aws:iam::999999999999:role/lakeplaned");

        var (monitor, _) = await ConstructAsync(dryRun: false, inputs);

        Assert.Contains("arn:aws:iam::999999999999:role/lakeplaned", Input(monitor.Single("aws:iam/role:Role"), "assumeRolePolicy"), StringComparison.Ordinal);
        Assert.Empty(monitor.Invokes);
    }

    [Fact]
    public async Task The_root_bucket_has_every_public_access_block_on()
    {
        var (monitor, _) = await ConstructAsync(dryRun: false, Inputs());

        var bucket = monitor.Single("aws:s3/bucketV2:BucketV2");
        var block = monitor.Single("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
        Assert.Equal("prod-root-", Input(bucket, "bucketPrefix"));
        Assert.Equal("prod-root-20261125", Input(block, "bucket"));
        foreach (var setting in new[] { "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets" })
        {
            Assert.True(block.Object.Fields[setting].BoolValue, setting);
        }
    }

    [Fact]
    public async Task Two_subnets_in_distinct_zones_are_carved_from_the_vpc()
    {
        var (monitor, _) = await ConstructAsync(dryRun: false, Inputs("10.20.0.0/16"));

        var vpc = monitor.Single("aws:ec2/vpc:Vpc");
        Assert.Equal("10.20.0.0/16", Input(vpc, "cidrBlock"));
        var subnets = monitor.Children("aws:ec2/subnet:Subnet").OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["eu-west-1a", "eu-west-1b"], subnets.Select(s => Input(s, "availabilityZone")));
        Assert.Equal(["10.20.0.0/18", "10.20.64.0/18"], subnets.Select(s => Input(s, "cidrBlock")));
        Assert.All(subnets, s => Assert.StartsWith("vpc-", Input(s, "vpcId"), StringComparison.Ordinal));
        var securityGroup = monitor.Single("aws:ec2/securityGroup:SecurityGroup");
        Assert.Equal(Input(subnets[0], "vpcId"), Input(securityGroup, "vpcId"));
        Assert.True(securityGroup.Object.Fields["ingress"].ListValue.Values.Single().StructValue.Fields["self"].BoolValue);
    }

    [Fact]
    public async Task Lakeplane_resources_are_wired_to_the_aws_outputs_and_the_workspace_to_their_ids()
    {
        var (monitor, response) = await ConstructAsync(dryRun: false, Inputs());

        var role = monitor.Single("aws:iam/role:Role");
        var credentials = monitor.Single("lakeplane:index:Credentials");
        Assert.Equal($"arn:aws:iam::{MockResourceMonitor.AwsAccount}:role/{role.Name}", Input(credentials, "roleArn"));
        Assert.Equal("prod-root-20261125", Input(monitor.Single("lakeplane:index:StorageConfiguration"), "bucketName"));

        var network = monitor.Single("lakeplane:index:Network");
        var subnetIds = network.Object.Fields["subnetIds"].ListValue.Values.Select(v => v.StringValue).ToList();
        Assert.Equal(2, subnetIds.Distinct().Count());
        Assert.All(subnetIds, id => Assert.StartsWith("subnet-", id, StringComparison.Ordinal));
        Assert.StartsWith("sg-", network.Object.Fields["securityGroupIds"].ListValue.Values.Single().StringValue, StringComparison.Ordinal);
        Assert.StartsWith("vpc-", Input(network, "vpcId"), StringComparison.Ordinal);

        var workspace = monitor.Single("lakeplane:index:Workspace");
        Assert.Equal("prod", Input(workspace, "workspaceName"));
        Assert.Equal("eu-west-1", Input(workspace, "awsRegion"));
        Assert.StartsWith("cred-", Input(workspace, "credentialsId"), StringComparison.Ordinal);
        Assert.StartsWith("storage-", Input(workspace, "storageConfigurationId"), StringComparison.Ordinal);
        Assert.StartsWith("net-", Input(workspace, "networkId"), StringComparison.Ordinal);
        Assert.Contains(monitor.Registrations.Single(r => r.Type == "lakeplane:index:Credentials").Name, string.Join(",", workspace.Dependencies), StringComparison.Ordinal);

        var outputs = Assert.Single(monitor.RegisteredOutputs);
        Assert.Equal(response.Urn, outputs.Urn);
        Assert.Equal(4242, outputs.Outputs.Fields["workspaceId"].NumberValue);
        Assert.Equal("https://prod.lakeplane.example", response.State.Fields["workspaceUrl"].StringValue);
        Assert.Equal(4242, response.State.Fields["workspaceId"].NumberValue);
    }

    [Fact]
    public async Task Children_use_the_providers_the_program_passed()
    {
        var (monitor, _) = await ConstructAsync(dryRun: false, Inputs(), new Dictionary<string, string>
        {
            ["aws"] = AwsProvider,
            ["lakeplane"] = LakeplaneProvider,
        });

        Assert.All(monitor.Registrations.Where(r => r.Type.StartsWith("aws:", StringComparison.Ordinal)), r => Assert.Equal(AwsProvider, r.Provider));
        Assert.All(monitor.Registrations.Where(r => r.Type.StartsWith("lakeplane:index:", StringComparison.Ordinal)), r => Assert.Equal(LakeplaneProvider, r.Provider));
        Assert.Equal(AwsProvider, Assert.Single(monitor.Invokes).Provider);
    }

    [Fact]
    public async Task In_a_preview_unknown_outputs_are_passed_on_as_unknown()
    {
        var (monitor, response) = await ConstructAsync(dryRun: true, Inputs());

        Assert.Equal(Props.Unknown, monitor.Single("lakeplane:index:Credentials").Object.Fields["roleArn"]);
        Assert.Equal(Props.Unknown, monitor.Single("lakeplane:index:StorageConfiguration").Object.Fields["bucketName"]);
        var workspace = monitor.Single("lakeplane:index:Workspace");
        Assert.Equal(Props.Unknown, workspace.Object.Fields["credentialsId"]);
        Assert.Equal(Props.Unknown, workspace.Object.Fields["networkId"]);
        Assert.Equal("prod", Input(workspace, "workspaceName"));
        Assert.Equal(Props.Unknown, response.State.Fields["workspaceId"]);
    }

    [Fact]
    public async Task Unknown_inputs_make_what_derives_from_them_unknown()
    {
        var inputs = Inputs();
        inputs.Fields["vpcCidr"] = Props.Unknown;
        inputs.Fields["availabilityZones"] = Props.Output(null, known: false);

        var (monitor, _) = await ConstructAsync(dryRun: true, inputs);

        Assert.Equal(Props.Unknown, monitor.Single("aws:ec2/vpc:Vpc").Object.Fields["cidrBlock"]);
        Assert.All(monitor.Children("aws:ec2/subnet:Subnet"), s =>
        {
            Assert.Equal(Props.Unknown, s.Object.Fields["cidrBlock"]);
            Assert.Equal(Props.Unknown, s.Object.Fields["availabilityZone"]);
        });
    }

    [Fact]
    public async Task Lakeplane_children_get_exactly_the_inputs_the_package_schema_declares()
    {
        var (monitor, _) = await ConstructAsync(dryRun: false, Inputs());
        var resources = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepositoryPaths.SchemaFile))!["resources"]!;

        foreach (var child in monitor.Registrations.Where(r => r.Type.StartsWith("lakeplane:index:", StringComparison.Ordinal)))
        {
            var declared = resources[child.Type]!["inputProperties"]!.AsObject();
            var required = resources[child.Type]!["requiredInputs"]!.AsArray().Select(n => n!.GetValue<string>());
            Assert.All(child.Object.Fields.Keys, key => Assert.True(declared.ContainsKey(key), $"{child.Type} has no input {key}"));
            Assert.All(required, key => Assert.True(child.Object.Fields.ContainsKey(key), $"{child.Type} misses required {key}"));
            Assert.Equal("0.1.0", child.Version);
        }
    }

    [Theory]
    [InlineData("10.0.0.0/27", "vpcCidr")]
    [InlineData("not-a-cidr", "vpcCidr")]
    public async Task An_unusable_vpc_cidr_is_rejected_naming_the_input(string cidr, string property)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ConstructAsync(dryRun: false, Inputs(cidr)));

        Assert.StartsWith(property + ":", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_availability_zone_is_not_enough()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => ConstructAsync(dryRun: false, Inputs("10.20.0.0/16", "eu-west-1a", "eu-west-1a")));

        Assert.StartsWith("availabilityZones:", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("two distinct", error.Status.Detail, StringComparison.Ordinal);
    }
}
