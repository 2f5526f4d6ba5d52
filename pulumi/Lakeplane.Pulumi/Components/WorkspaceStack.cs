using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Protocol;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Model;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Lakeplane.Pulumi.Components;

/// <summary>
/// lakeplane:aws:WorkspaceStack: everything a workspace needs on both sides. The AWS side is
/// registered as Pulumi.Aws would register it (the cross-account role with the external-id trust
/// and its policy; the root bucket with all public access blocked; the VPC, two subnets in
/// distinct zones and the nodes' security group), then the Lakeplane credentials, storage
/// configuration and network on those outputs, and the workspace on their ids.
/// </summary>
public sealed class WorkspaceStack : ComponentDefinition
{
    public const string Type = "lakeplane:aws:WorkspaceStack";

    private const string Aws = "aws";

    public override string Token => Type;

    public override string Description =>
        "A Lakeplane workspace with its AWS side: cross-account IAM role (trusting the Lakeplane control plane with the account id as " +
        "external id), root S3 bucket with public access blocked, VPC with two subnets in distinct availability zones and a security group.";

    public override ObjectSchema Inputs => WorkspaceStackInputs.Schema;

    public override ObjectSchema Outputs { get; } = new()
    {
        Attributes =
        [
            new AttributeSchema { Name = "workspace_id", Type = TypeSpec.Number, Computed = true, Description = "Id of the workspace." },
            new AttributeSchema { Name = "workspace_url", Type = TypeSpec.String, Computed = true, Description = "URL of the workspace." },
        ],
    };

    public override async Task<ConstructResponse> ConstructAsync(ConstructRequest request, ConstructContext context, CancellationToken cancellationToken)
    {
        var inputs = WorkspaceStackInputs.Decode(request.Inputs);
        var accountId = context.AccountId ?? throw new ResourceException(Diagnostic.Error(
            "Lakeplane account unknown",
            "WorkspaceStack puts the Lakeplane account id into the role's trust policy as sts:ExternalId. " +
            "Set it with `pulumi config set lakeplane:accountId <id>` or LAKEPLANE_ACCOUNT_ID."));
        var registrar = new ChildRegistrar(context.Monitor, request, cancellationToken);
        var componentUrn = await registrar.RegisterComponentAsync();
        var name = inputs.Name;
        var tags = Tags(name);

        var iam = RegisterIamAsync(registrar, inputs, accountId, tags);
        var storage = RegisterStorageAsync(registrar, inputs, tags);
        var network = RegisterNetworkAsync(registrar, inputs, tags);
        await Task.WhenAll(iam, storage, network);
        var (role, rolePolicy) = await iam;
        var (bucket, publicAccessBlock) = await storage;
        var (vpc, subnets, securityGroup) = await network;

        var credentialsTask = registrar.RegisterAsync(
            PulumiNames.ResourceToken("credentials"), $"{name}-credentials", PulumiNames.Package, ProviderService.Version,
            Struct(("credentialsName", S($"{name}-credentials")), ("roleArn", role.Output("arn"))),
            role, rolePolicy);
        var storageConfigurationTask = registrar.RegisterAsync(
            PulumiNames.ResourceToken("storage_configuration"), $"{name}-storage", PulumiNames.Package, ProviderService.Version,
            Struct(("storageConfigurationName", S($"{name}-storage")), ("bucketName", bucket.Output("bucket"))),
            bucket, publicAccessBlock);
        var lakeplaneNetworkTask = registrar.RegisterAsync(
            PulumiNames.ResourceToken("network"), $"{name}-network", PulumiNames.Package, ProviderService.Version,
            Struct(
                ("networkName", S($"{name}-network")),
                ("vpcId", vpc.IdValue),
                ("subnetIds", ProtoValue.ForList(subnets.Select(s => s.IdValue).ToArray())),
                ("securityGroupIds", ProtoValue.ForList(securityGroup.IdValue))),
            [vpc, .. subnets, securityGroup]);
        var credentials = await credentialsTask;
        var storageConfiguration = await storageConfigurationTask;
        var lakeplaneNetwork = await lakeplaneNetworkTask;

        var workspace = await registrar.RegisterAsync(
            PulumiNames.ResourceToken("workspace"), name, PulumiNames.Package, ProviderService.Version,
            Struct(
                ("workspaceName", S(name)),
                ("awsRegion", Encode(inputs.Region)),
                ("credentialsId", credentials.Output("credentialsId")),
                ("storageConfigurationId", storageConfiguration.Output("storageConfigurationId")),
                ("networkId", lakeplaneNetwork.Output("networkId"))),
            credentials, storageConfiguration, lakeplaneNetwork);

        var state = Struct(("workspaceId", workspace.Output("workspaceId")), ("workspaceUrl", workspace.Output("workspaceUrl")));
        await registrar.RegisterOutputsAsync(state);
        context.Log($"WorkspaceStack {name}: registered {componentUrn}");
        var response = new ConstructResponse { Urn = componentUrn, State = state };
        foreach (var output in state.Fields.Keys)
        {
            response.StateDependencies[output] = new ConstructResponse.Types.PropertyDependencies { Urns = { workspace.Urn } };
        }
        return response;
    }

    /// <summary>The cross-account role: trusted by the control plane's principal only with the account id as external id.</summary>
    private static async Task<(RegisteredResource Role, RegisteredResource Policy)> RegisterIamAsync(
        ChildRegistrar registrar, WorkspaceStackInputs inputs, string accountId, ProtoValue tags)
    {
        var principal = await ControlPlanePrincipalAsync(registrar, inputs);
        var trustPolicy = principal is StringValue arn
            ? S(CrossAccountPolicies.TrustPolicy(arn.Value, accountId))
            : ProtoValue.ForString(PropertySentinels.UnknownString);
        var role = await registrar.RegisterAsync("aws:iam/role:Role", $"{inputs.Name}-crossaccount", Aws, "",
            Struct(
                ("assumeRolePolicy", trustPolicy),
                ("description", S($"Assumed by the Lakeplane control plane to run workspace {inputs.Name}'s compute.")),
                ("tags", tags)));
        var policy = await registrar.RegisterAsync("aws:iam/rolePolicy:RolePolicy", $"{inputs.Name}-crossaccount-policy", Aws, "",
            Struct(("role", role.IdValue), ("policy", S(CrossAccountPolicies.ComputePolicy()))),
            role);
        return (role, policy);
    }

    /// <summary>The given principal, else the root of the AWS account being deployed into (aws:getCallerIdentity).</summary>
    private static async Task<Resources.Model.Value> ControlPlanePrincipalAsync(ChildRegistrar registrar, WorkspaceStackInputs inputs)
    {
        if (!inputs.ControlPlanePrincipal.IsNull)
        {
            return inputs.ControlPlanePrincipal;
        }
        var identity = await registrar.InvokeAsync("aws:index/getCallerIdentity:getCallerIdentity", Aws, new Struct());
        return identity.Fields.TryGetValue("accountId", out var account) && account.KindCase == ProtoValue.KindOneofCase.StringValue
            && !PropertySentinels.IsUnknown(account)
            ? Resources.Model.Value.Of($"arn:aws:iam::{account.StringValue}:root")
            : Resources.Model.Value.Unknown;
    }

    /// <summary>The workspace's root bucket, with every kind of public access blocked.</summary>
    private static async Task<(RegisteredResource Bucket, RegisteredResource PublicAccessBlock)> RegisterStorageAsync(
        ChildRegistrar registrar, WorkspaceStackInputs inputs, ProtoValue tags)
    {
        var bucket = await registrar.RegisterAsync("aws:s3/bucketV2:BucketV2", $"{inputs.Name}-root", Aws, "",
            Struct(("bucketPrefix", S(inputs.BucketPrefix)), ("forceDestroy", ProtoValue.ForBool(false)), ("tags", tags)));
        var publicAccessBlock = await registrar.RegisterAsync("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", $"{inputs.Name}-root", Aws, "",
            Struct(
                ("bucket", bucket.IdValue),
                ("blockPublicAcls", ProtoValue.ForBool(true)),
                ("blockPublicPolicy", ProtoValue.ForBool(true)),
                ("ignorePublicAcls", ProtoValue.ForBool(true)),
                ("restrictPublicBuckets", ProtoValue.ForBool(true))),
            bucket);
        return (bucket, publicAccessBlock);
    }

    /// <summary>The VPC, a subnet in each of two zones carved from its CIDR, and a security group open between nodes only.</summary>
    private static async Task<(RegisteredResource Vpc, RegisteredResource[] Subnets, RegisteredResource SecurityGroup)> RegisterNetworkAsync(
        ChildRegistrar registrar, WorkspaceStackInputs inputs, ProtoValue tags)
    {
        var vpc = await registrar.RegisterAsync("aws:ec2/vpc:Vpc", $"{inputs.Name}-vpc", Aws, "",
            Struct(
                ("cidrBlock", Encode(inputs.VpcCidr)),
                ("enableDnsHostnames", ProtoValue.ForBool(true)),
                ("enableDnsSupport", ProtoValue.ForBool(true)),
                ("tags", tags)));
        var subnetTasks = Enumerable.Range(0, 2).Select(index => registrar.RegisterAsync("aws:ec2/subnet:Subnet", $"{inputs.Name}-subnet-{index}", Aws, "",
            Struct(
                ("vpcId", vpc.IdValue),
                ("cidrBlock", Encode(inputs.SubnetCidr(index))),
                ("availabilityZone", Encode(inputs.Zone(index))),
                ("tags", tags)),
            vpc)).ToArray();
        var securityGroupTask = registrar.RegisterAsync("aws:ec2/securityGroup:SecurityGroup", $"{inputs.Name}-nodes", Aws, "",
            Struct(
                ("vpcId", vpc.IdValue),
                ("description", S($"Lakeplane cluster nodes of {inputs.Name}: all traffic between nodes, all egress")),
                ("ingress", ProtoValue.ForList(Rule(("protocol", S("-1")), ("fromPort", N(0)), ("toPort", N(0)), ("self", ProtoValue.ForBool(true))))),
                ("egress", ProtoValue.ForList(Rule(("protocol", S("-1")), ("fromPort", N(0)), ("toPort", N(0)), ("cidrBlocks", ProtoValue.ForList(S("0.0.0.0/0")))))),
                ("tags", tags)),
            vpc);
        var subnets = await Task.WhenAll(subnetTasks);
        return (vpc, subnets, await securityGroupTask);
    }

    private static ProtoValue Tags(string name) =>
        ProtoValue.ForStruct(Struct(("Name", S(name)), ("lakeplane:workspace", S(name))));

    private static ProtoValue Rule(params (string Key, ProtoValue Value)[] fields) => ProtoValue.ForStruct(Struct(fields));

    private static Struct Struct(params (string Key, ProtoValue Value)[] fields)
    {
        var result = new Struct();
        foreach (var (key, value) in fields)
        {
            result.Fields[key] = value;
        }
        return result;
    }

    private static ProtoValue S(string value) => ProtoValue.ForString(value);

    private static ProtoValue N(double value) => ProtoValue.ForNumber(value);

    private static ProtoValue Encode(Resources.Model.Value value) => PropertyEncoder.EncodeValue(value, TypeSpec.String);
}
