using System.Globalization;
using System.Text;
using Lakeplane.Clusters.Tests.Support;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Clusters.Tests.Ec2;

/// <summary>
/// The ec2 compute driver as lakeplaned runs it, with its real AWS SDK clients pointed at a stand-in for EC2 and STS
/// (<see cref="RecordedAwsEndpoint"/>: no AWS endpoint can be reached here), hence the AgainstRecordedEc2Handler in
/// every name. The assertions are on the requests the SDK sent and on the clusters' states and events; the instances
/// the stand-in launches boot their user data, so real node agents register and the clusters run.
/// </summary>
public sealed class Ec2DriverTests(Ec2ClusterDaemonFixture daemon) : IClassFixture<Ec2ClusterDaemonFixture>
{
    private RecordedAwsEndpoint Aws => daemon.Aws;

    [Fact]
    public async Task Launch_RunsInstancesInTheWorkspaceSubnets_WithOwnershipTags_SignedWithTheAssumedRole_AgainstRecordedEc2Handler()
    {
        var assumedBefore = AssumeRolesOf(Fixtures.RoleArn);
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 2));
        var running = await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");

        var launches = LaunchesOf(created.ClusterId);
        Assert.Equal(3, launches.Count);
        var nodeIds = new[] { running.Driver.NodeId }.Concat(running.Executors.Select(e => e.NodeId)).Order().ToList();
        Assert.Equal(nodeIds, launches.Select(l => Tag(l, "lakeplane:node-id")).Order());
        foreach (var launch in launches)
        {
            var p = launch.Parameters;
            Assert.Equal("1", p["MinCount"]);
            Assert.Equal("1", p["MaxCount"]);
            Assert.Equal("m5.large", p["InstanceType"]);
            Assert.Equal(Ec2ClusterDaemonFixture.AmiId, p["ImageId"]);
            Assert.Contains(p["SubnetId"], Fixtures.SubnetIds);
            Assert.Equal(Fixtures.SecurityGroupIds[0], p["SecurityGroupId.1"]);
            Assert.False(p.ContainsKey("SecurityGroupId.2"));
            Assert.Equal("required", p["MetadataOptions.HttpTokens"]);
            Assert.Equal("terminate", p["InstanceInitiatedShutdownBehavior"]);
            // The node id is the idempotency token: a retried launch is the same instance.
            Assert.Equal(Tag(launch, "lakeplane:node-id"), p["ClientToken"]);
            Assert.Equal("instance", p["TagSpecification.1.ResourceType"]);
            Assert.Equal("volume", p["TagSpecification.2.ResourceType"]);
            Assert.Equal(created.ClusterId, Tag(launch, "lakeplane:cluster-id"));
            Assert.Equal(daemon.AccountId, Tag(launch, "lakeplane:account-id"));
            Assert.Equal(daemon.WorkspaceId.ToString(CultureInfo.InvariantCulture), Tag(launch, "lakeplane:workspace-id"));
            Assert.StartsWith($"lakeplane-{created.ClusterId}-{Tag(launch, "lakeplane:role")}-", Tag(launch, "Name"), StringComparison.Ordinal);
            Assert.Equal(created.ClusterId, Tag(launch, "ClusterId"));
            Assert.Equal("Lakeplane", Tag(launch, "Vendor"));
            // Signed (SigV4) with the session of the workspace's role, not with lakeplaned's own key.
            Assert.Equal(Fixtures.RoleArn, Aws.RoleOf(launch.SignedWithAccessKey));
            Assert.Equal("ec2", launch.SignedForService);
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIA", launch.Authorization, StringComparison.Ordinal);
            Assert.StartsWith("session-token-", launch.SecurityToken, StringComparison.Ordinal);
        }
        Assert.Single(launches, l => Tag(l, "lakeplane:role") == "driver");
        // Spread over the network's subnets.
        Assert.Equal(Fixtures.SubnetIds.Order(), launches.Select(l => l.Parameters["SubnetId"]).Distinct().Order());

        // The user data starts the agent with its ids and the daemon's URL; its secret is there and nowhere else.
        foreach (var launch in launches)
        {
            var script = Encoding.UTF8.GetString(Convert.FromBase64String(launch.Parameters["UserData"]));
            Assert.Contains($"--cluster-id '{created.ClusterId}' --node-id '{Tag(launch, "lakeplane:node-id")}'", script, StringComparison.Ordinal);
            Assert.Contains(daemon.BaseUrl, script, StringComparison.Ordinal);
            var secret = SecretIn(script);
            Assert.DoesNotContain(launch.Parameters.Where(pair => pair.Key != "UserData"), pair => pair.Value.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, daemon.Daemon.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, daemon.Daemon.Stdout, StringComparison.Ordinal);
        }

        // The role was assumed with its external id, by lakeplaned's own credentials; one session served every launch
        // (it is cached: at most one AssumeRole during this test, none if an earlier test of this daemon made it).
        Assert.Single(launches.Select(l => l.SignedWithAccessKey).Distinct());
        Assert.True(AssumeRolesOf(Fixtures.RoleArn) - assumedBefore <= 1, "AssumeRole was called again while its session was valid.");
        var assumed = Aws.RequestsOf("AssumeRole").Where(r => r.Parameters["RoleArn"] == Fixtures.RoleArn).ToList();
        Assert.NotEmpty(assumed);
        Assert.All(assumed, r =>
        {
            Assert.Equal(daemon.AccountId, r.Parameters["ExternalId"]);
            Assert.Equal($"lakeplane-workspace-{daemon.WorkspaceId}", r.Parameters["RoleSessionName"]);
            Assert.Equal(RecordedAwsEndpoint.BaseAccessKeyId, r.SignedWithAccessKey);
            Assert.Equal("sts", r.SignedForService);
            Assert.Null(r.SecurityToken);
        });

        // What the API reports is what EC2 launched.
        var instances = Aws.Instances.Where(i => i.Tags.GetValueOrDefault("lakeplane:cluster-id") == created.ClusterId).ToList();
        foreach (var node in new[] { running.Driver }.Concat(running.Executors))
        {
            var instance = Assert.Single(instances, i => i.Tags["lakeplane:node-id"] == node.NodeId);
            Assert.Equal($"ec2:{daemon.WorkspaceId}:{instance.InstanceId}", node.InstanceId);
            Assert.Equal(instance.PrivateIp, node.PrivateIp);
        }

        await TerminateAsync(created.ClusterId);
        var terminated = Aws.RequestsOf("TerminateInstances").Select(r => r.Parameters["InstanceId.1"]).ToHashSet();
        Assert.All(instances, i => Assert.Contains(i.InstanceId, terminated));
        Assert.All(instances, i => Assert.Equal("terminated", i.State));
    }

    [Fact]
    public async Task AssumeRoleAccessDenied_PutsTheClusterInError_NamingTheRole_AgainstRecordedEc2Handler()
    {
        var role = "lakeplane-denied-" + Unique.Name("r");
        var workspace = await daemon.WorkspaceWithRoleAsync(role);
        var request = daemon.NewCluster(numWorkers: 1);
        request.WorkspaceId = workspace.WorkspaceId;
        var created = await daemon.Clusters.CreateClusterAsync(request);

        var failed = await WaitForStateAsync(workspace.WorkspaceId, created.ClusterId, "ERROR");
        Assert.Contains($"arn:aws:iam::123456789012:role/{role}", failed.StateMessage, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", failed.StateMessage, StringComparison.Ordinal);
        Assert.Contains($"external id {daemon.AccountId}", failed.StateMessage, StringComparison.Ordinal);
        Assert.Equal("CLOUD_PROVIDER_LAUNCH_FAILURE", failed.TerminationReason.Code);
        Assert.Empty(LaunchesOf(created.ClusterId));
        var denied = Aws.RequestsOf("AssumeRole").Where(r => r.Parameters["RoleArn"].EndsWith(role, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(denied);
        Assert.All(denied, r => Assert.Equal(daemon.AccountId, r.Parameters["ExternalId"]));
        var events = await daemon.Clusters.ListClusterEventsAsync(new ListClusterEventsRequest { WorkspaceId = workspace.WorkspaceId, ClusterId = created.ClusterId });
        Assert.Contains(events.Events, e => e.Type == "ADD_NODES_FAILED" && e.Details.Message.Contains(role, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunInstancesUnauthorizedOperation_PutsTheClusterInError_NamingTheRoleAndSubnet_AgainstRecordedEc2Handler()
    {
        var role = "lakeplane-no-ec2-" + Unique.Name("r");
        var workspace = await daemon.WorkspaceWithRoleAsync(role);
        var request = daemon.NewCluster(numWorkers: 0);
        request.WorkspaceId = workspace.WorkspaceId;
        var created = await daemon.Clusters.CreateClusterAsync(request);

        var failed = await WaitForStateAsync(workspace.WorkspaceId, created.ClusterId, "ERROR");
        Assert.Contains("UnauthorizedOperation", failed.StateMessage, StringComparison.Ordinal);
        Assert.Contains($"role/{role} may not launch instances", failed.StateMessage, StringComparison.Ordinal);
        Assert.Contains("ec2:RunInstances", failed.StateMessage, StringComparison.Ordinal);
        var launch = Assert.Single(LaunchesOf(created.ClusterId));
        Assert.Contains(launch.Parameters["SubnetId"], failed.StateMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(Aws.Instances, i => i.Tags.GetValueOrDefault("lakeplane:cluster-id") == created.ClusterId);
    }

    [Fact]
    public async Task InsufficientInstanceCapacity_PutsTheClusterInError_NamingTheInstanceType_AgainstRecordedEc2Handler()
    {
        var request = daemon.NewCluster(numWorkers: 0);
        request.NodeTypeId = RecordedAwsEndpoint.CapacityStarvedInstanceType;
        var created = await daemon.Clusters.CreateClusterAsync(request);

        var failed = await daemon.WaitForStateAsync(created.ClusterId, "ERROR");
        Assert.Contains($"no capacity for instance type {RecordedAwsEndpoint.CapacityStarvedInstanceType}", failed.StateMessage, StringComparison.Ordinal);
        Assert.Contains("InsufficientInstanceCapacity", failed.StateMessage, StringComparison.Ordinal);
        var launches = LaunchesOf(created.ClusterId);
        Assert.NotEmpty(launches);
        Assert.Contains(launches[0].Parameters["SubnetId"], failed.StateMessage, StringComparison.Ordinal);
        Assert.All(launches, l => Assert.Equal(RecordedAwsEndpoint.CapacityStarvedInstanceType, l.Parameters["InstanceType"]));
    }

    [Fact]
    public async Task DaemonRestart_ReadoptsTheInstancesByTheirOwnershipTags_AgainstRecordedEc2Handler()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 1));
        var before = await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        var launchesBefore = LaunchesOf(created.ClusterId).Count;
        var terminatesBefore = Aws.RequestsOf("TerminateInstances").Count;
        var eventsBefore = (await daemon.EventsAsync(created.ClusterId)).Count;

        await daemon.RestartDaemonAsync(kill: true);
        var restartedAt = DateTimeOffset.UtcNow;
        // The nodes' stable address for the daemon (a load balancer in production) now reaches the new process.
        Aws.PointNodesAt(daemon.BaseUrl);

        var after = await daemon.WaitForAsync(created.ClusterId,
            c => c.State == "RUNNING" && c.Driver?.State == "RUNNING" && c.Executors.Count == 1 && c.Executors[0].State == "RUNNING", what: "its nodes reporting again");
        // The nodes report to the new process at once, but it reconciles (and so lists the instances by their tags) only
        // once it holds the clusters lease, which the killed process held until it expires (LAKEPLANE_LEASE_MS, 10 s).
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(45);
        while (!ListingsSince(restartedAt).Any() && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        // Several reconcile rounds later: the same instances, none launched, none terminated.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(before.Driver.InstanceId, after.Driver.InstanceId);
        Assert.Equal(before.Executors[0].InstanceId, after.Executors[0].InstanceId);
        Assert.Equal(launchesBefore, LaunchesOf(created.ClusterId).Count);
        Assert.Equal(terminatesBefore, Aws.RequestsOf("TerminateInstances").Count);
        Assert.Equal(eventsBefore, (await daemon.EventsAsync(created.ClusterId)).Count);
        // Found by the ownership tags, in the workspace's account, with the assumed role.
        var listing = ListingsSince(restartedAt).ToList();
        Assert.NotEmpty(listing);
        var filters = Filters(listing[0]);
        Assert.Equal([daemon.AccountId], filters["tag:lakeplane:account-id"]);
        Assert.Equal([daemon.WorkspaceId.ToString(CultureInfo.InvariantCulture)], filters["tag:lakeplane:workspace-id"]);
        Assert.Equal(["pending", "running", "stopping", "stopped"], filters["instance-state-name"]);
        Assert.NotNull(Aws.RoleOf(listing[0].SignedWithAccessKey));

        await TerminateAsync(created.ClusterId);
    }

    [Fact]
    public async Task InstanceTerminatedOutsideLakeplane_IsReplaced_AgainstRecordedEc2Handler()
    {
        var created = await daemon.Clusters.CreateClusterAsync(daemon.NewCluster(numWorkers: 1));
        var running = await daemon.WaitForStateAsync(created.ClusterId, "RUNNING");
        var worker = running.Executors[0];
        var instance = Aws.Instances.Single(i => i.Tags["lakeplane:node-id"] == worker.NodeId);

        // Someone terminates the instance in the console: it leaves DescribeInstances' live states and its agent dies.
        NodeProcesses.KillAll(instance.Home);
        instance.State = "terminated";

        var recovered = await daemon.WaitForAsync(created.ClusterId,
            c => c.State == "RUNNING" && c.Executors.Count == 1 && c.Executors[0].NodeId != worker.NodeId && c.Executors[0].State == "RUNNING", what: "a replacement worker");
        Assert.NotEqual(worker.InstanceId, recovered.Executors[0].InstanceId);
        Assert.Contains(await daemon.EventsAsync(created.ClusterId), e => e.Type == "NODES_LOST" && e.Details.NodeIds.Contains(worker.NodeId));
        Assert.Equal(3, LaunchesOf(created.ClusterId).Count);

        await TerminateAsync(created.ClusterId);
    }

    /// <summary>DescribeInstances calls by tags (not by instance id) recorded since <paramref name="since"/>.</summary>
    private IEnumerable<RecordedAwsEndpoint.RecordedRequest> ListingsSince(DateTimeOffset since) =>
        Aws.RequestsOf("DescribeInstances").Where(r => r.At >= since && !r.Parameters.ContainsKey("InstanceId.1"));

    private int AssumeRolesOf(string roleArn) => Aws.RequestsOf("AssumeRole").Count(r => r.Parameters["RoleArn"] == roleArn);

    private List<RecordedAwsEndpoint.RecordedRequest> LaunchesOf(string clusterId) =>
        Aws.RequestsOf("RunInstances").Where(r => Tag(r, "lakeplane:cluster-id") == clusterId).ToList();

    /// <summary>A tag of the instance TagSpecification of a RunInstances request.</summary>
    private static string? Tag(RecordedAwsEndpoint.RecordedRequest request, string key)
    {
        for (var i = 1; request.Parameters.TryGetValue($"TagSpecification.1.Tag.{i}.Key", out var name); i++)
        {
            if (name == key)
            {
                return request.Parameters[$"TagSpecification.1.Tag.{i}.Value"];
            }
        }
        return null;
    }

    private static Dictionary<string, List<string>> Filters(RecordedAwsEndpoint.RecordedRequest request)
    {
        var filters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 1; request.Parameters.TryGetValue($"Filter.{i}.Name", out var name); i++)
        {
            var values = new List<string>();
            for (var v = 1; request.Parameters.TryGetValue($"Filter.{i}.Value.{v}", out var value); v++)
            {
                values.Add(value);
            }
            filters[name] = values;
        }
        return filters;
    }

    private static string SecretIn(string script)
    {
        const string marker = "export LAKEPLANE_NODE_SECRET='";
        var start = script.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        Assert.True(start >= marker.Length, "The user data has no node secret.");
        return script[start..script.IndexOf('\'', start)];
    }

    private async Task<Cluster> WaitForStateAsync(long workspaceId, string clusterId, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            var cluster = await daemon.Clusters.GetClusterAsync(new GetClusterRequest { WorkspaceId = workspaceId, ClusterId = clusterId });
            if (cluster.State == state)
            {
                return cluster;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Cluster {clusterId} never got to {state}: it is {cluster.State} ({cluster.StateMessage}).\n{daemon.Daemon.Stderr}");
            }
            await Task.Delay(100);
        }
    }

    private async Task TerminateAsync(string clusterId)
    {
        await daemon.Clusters.DeleteClusterAsync(new DeleteClusterRequest { WorkspaceId = daemon.WorkspaceId, ClusterId = clusterId });
        await daemon.WaitForStateAsync(clusterId, "TERMINATED");
        Assert.Empty(NodeProcesses.OfCluster(daemon.DataDirectory, clusterId));
    }
}
