using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;

namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>
/// The engine's ResourceMonitor in the test process (the role of Pulumi's testing mocks at the
/// gRPC level): records every registration with its type, name, parent, inputs and provider;
/// answers with a URN, a fake id and fake outputs for each type; in a preview (dry run) answers
/// as the engine does before anything exists: no id, computed outputs unknown. With a
/// <paramref name="lakeplaneBackend"/>, lakeplane:index:* registrations are really created there
/// (the engine's job of calling the provider) instead of faked.
/// </summary>
public sealed class MockResourceMonitor(bool dryRun, Func<RegisterResourceRequest, Task<(string Id, Struct Outputs)>>? lakeplaneBackend = null)
    : ResourceMonitor.ResourceMonitorBase
{
    public const string Stack = "dev";
    public const string Project = "lakeplane-tests";
    public const string AwsAccount = "123456789012";

    private int _sequence;

    public ConcurrentQueue<RegisterResourceRequest> Registrations { get; } = new();

    public ConcurrentQueue<RegisterResourceOutputsRequest> RegisteredOutputs { get; } = new();

    public ConcurrentQueue<ResourceInvokeRequest> Invokes { get; } = new();

    public ConcurrentQueue<string> FeaturesAsked { get; } = new();

    private readonly ConcurrentDictionary<string, string> _typesByUrn = new();

    public IReadOnlyList<RegisterResourceRequest> Children(string type) =>
        Registrations.Where(r => r.Type == type && r.Custom).ToList();

    public RegisterResourceRequest Single(string type) => Assert.Single(Children(type));

    public override Task<SupportsFeatureResponse> SupportsFeature(SupportsFeatureRequest request, ServerCallContext context)
    {
        FeaturesAsked.Enqueue(request.Id);
        return Task.FromResult(new SupportsFeatureResponse { HasSupport = true });
    }

    public override async Task<RegisterResourceResponse> RegisterResource(RegisterResourceRequest request, ServerCallContext context)
    {
        Registrations.Enqueue(request);
        var qualifiedType = request.Parent.Length > 0 && _typesByUrn.TryGetValue(request.Parent, out var parentType)
            ? $"{parentType}${request.Type}"
            : request.Type;
        var urn = $"urn:pulumi:{Stack}::{Project}::{qualifiedType}::{request.Name}";
        _typesByUrn[urn] = qualifiedType;
        var response = new RegisterResourceResponse { Urn = urn, Object = new Struct() };
        if (!request.Custom)
        {
            return response;
        }
        var n = Interlocked.Increment(ref _sequence);
        response.Object.MergeFrom(request.Object);
        if (!dryRun && lakeplaneBackend is not null && request.Type.StartsWith("lakeplane:index:", StringComparison.Ordinal))
        {
            var (id, outputs) = await lakeplaneBackend(request);
            response.Id = id;
            response.Object = outputs;
        }
        else if (!dryRun)
        {
            var (id, outputs) = FakeOutputs(request, n);
            response.Id = id;
            foreach (var (key, value) in outputs)
            {
                response.Object.Fields[key] = Value.ForString(value);
            }
            if (request.Type == "lakeplane:index:Workspace")
            {
                response.Object.Fields["workspaceId"] = Value.ForNumber(4242);
            }
        }
        return response;
    }

    public override Task<Empty> RegisterResourceOutputs(RegisterResourceOutputsRequest request, ServerCallContext context)
    {
        RegisteredOutputs.Enqueue(request);
        return Task.FromResult(new Empty());
    }

    public override Task<ResourceInvokeResponse> Invoke(ResourceInvokeRequest request, ServerCallContext context)
    {
        Invokes.Enqueue(request);
        var response = new ResourceInvokeResponse();
        if (request.Tok == "aws:index/getCallerIdentity:getCallerIdentity")
        {
            response.Return = Props.Of(("accountId", AwsAccount), ("arn", $"arn:aws:iam::{AwsAccount}:user/ci"), ("userId", "AIDAEXAMPLE"));
        }
        else
        {
            response.Failures.Add(new CheckFailure { Property = "", Reason = $"the mock monitor has no function {request.Tok}" });
        }
        return Task.FromResult(response);
    }

    /// <summary>What the real providers would compute: ids and the outputs other resources are wired to.</summary>
    private static (string Id, Dictionary<string, string> Outputs) FakeOutputs(RegisterResourceRequest request, int n)
    {
        string Input(string key) => request.Object.Fields.TryGetValue(key, out var v) ? v.StringValue : "";
        return request.Type switch
        {
            "aws:iam/role:Role" => (request.Name, new() { ["arn"] = $"arn:aws:iam::{AwsAccount}:role/{request.Name}", ["name"] = request.Name }),
            "aws:s3/bucketV2:BucketV2" => ($"{Input("bucketPrefix")}20261125", new() { ["bucket"] = $"{Input("bucketPrefix")}20261125", ["arn"] = "arn:aws:s3:::bucket" }),
            "aws:ec2/vpc:Vpc" => ($"vpc-{n:x8}", new() { ["arn"] = "arn:aws:ec2:vpc" }),
            "aws:ec2/subnet:Subnet" => ($"subnet-{n:x8}", new()),
            "aws:ec2/securityGroup:SecurityGroup" => ($"sg-{n:x8}", new()),
            "lakeplane:index:Credentials" => ($"cred-{n}", new() { ["credentialsId"] = $"cred-{n}", ["externalId"] = "acc-123" }),
            "lakeplane:index:StorageConfiguration" => ($"storage-{n}", new() { ["storageConfigurationId"] = $"storage-{n}" }),
            "lakeplane:index:Network" => ($"net-{n}", new() { ["networkId"] = $"net-{n}", ["vpcStatus"] = "VALID" }),
            "lakeplane:index:Workspace" => ("4242", new() { ["workspaceUrl"] = "https://prod.lakeplane.example" }),
            _ => ($"{request.Type}-{n}", new()),
        };
    }
}
