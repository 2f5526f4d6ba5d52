using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Amazon;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Lakeplane.Daemon.Clusters;

namespace Lakeplane.Daemon.Compute.Ec2;

/// <summary>
/// Compute driver <c>ec2</c>: every node is an EC2 instance in the customer's account, launched with the workspace's
/// cross-account role (<see cref="AssumedRoleCredentials"/>) in the subnets and security groups of the workspace's
/// network, from the configured node image, whose user data starts the node agent (<see cref="Ec2UserData"/>).
/// Ownership tags (<see cref="Ec2Tags"/>) are what makes an instance a node: ListOwned asks EC2 for them per workspace,
/// so a restarted daemon re-adopts its instances. The instance id the cluster manager keeps is
/// ec2:&lt;workspace id&gt;:&lt;EC2 instance id&gt;, so it knows whose account and region to terminate it in.
/// </summary>
public sealed class Ec2ComputeDriver(
    Ec2DriverSettings settings,
    ClusterSettings clusters,
    AssumedRoleCredentials roles,
    IComputeTargets targets,
    ILogger<Ec2ComputeDriver> logger) : IComputeDriver
{
    private const string InstancePrefix = "ec2:";

    /// <summary>States of an instance that still costs money or may still run an agent; terminated and shutting-down ones are gone.</summary>
    private static readonly List<string> LiveStates = ["pending", "running", "stopping", "stopped"];

    private readonly ConcurrentDictionary<long, int> _nextSubnet = new();

    /// <summary>What each workspace's last successful listing found: served while EC2 or STS cannot be reached, so a
    /// blip is not mistaken for every node of the workspace dying.</summary>
    private readonly ConcurrentDictionary<long, IReadOnlyList<OwnedNode>> _lastListed = new();

    private string _daemonUrl = "";

    public string Name => "ec2";

    public Task AttachAsync(string daemonUrl, CancellationToken cancellationToken)
    {
        _daemonUrl = settings.NodeDaemonUrl ?? daemonUrl;
        logger.LogInformation("ec2 nodes report to {DaemonUrl}", _daemonUrl);
        return Task.CompletedTask;
    }

    public async Task<LaunchedNode> LaunchAsync(NodeLaunchSpec spec, CancellationToken cancellationToken)
    {
        var target = spec.Target;
        if (target.SubnetIds.Count == 0)
        {
            throw new ComputeDriverException(
                $"Workspace {target.WorkspaceId} has no customer-managed network (network_id): the ec2 compute driver launches nodes in the subnets and " +
                "security groups of the workspace's network. Give the workspace a network.");
        }
        // Round robin per workspace: the nodes of a cluster land in different subnets (and so availability zones).
        var turn = _nextSubnet.AddOrUpdate(target.WorkspaceId, 0, (_, last) => last + 1);
        var subnetId = target.SubnetIds[(int)((uint)turn % (uint)target.SubnetIds.Count)];
        var amiId = settings.AmiFor(target.AwsRegion);
        var instanceType = spec.NodeType.InstanceTypeId;
        var role = spec.Role.ToString().ToLowerInvariant();

        var tags = new Dictionary<string, string>(spec.Tags, StringComparer.Ordinal)
        {
            [Ec2Tags.AccountId] = spec.AccountId,
            [Ec2Tags.WorkspaceId] = target.WorkspaceId.ToString(CultureInfo.InvariantCulture),
            [Ec2Tags.ClusterId] = spec.ClusterId,
            [Ec2Tags.NodeId] = spec.NodeId,
            [Ec2Tags.Role] = role,
            [Ec2Tags.Name] = $"lakeplane-{spec.ClusterId}-{role}-{spec.NodeId[..Math.Min(8, spec.NodeId.Length)]}",
        };
        var tagList = tags.Select(tag => new Tag(tag.Key, tag.Value)).ToList();
        var request = new RunInstancesRequest
        {
            ImageId = amiId,
            InstanceType = InstanceType.FindValue(instanceType),
            MinCount = 1,
            MaxCount = 1,
            SubnetId = subnetId,
            SecurityGroupIds = target.SecurityGroupIds.ToList(),
            UserData = Convert.ToBase64String(Encoding.UTF8.GetBytes(Ec2UserData.Script(spec, _daemonUrl, clusters.HeartbeatInterval))),
            // The node id: a retried RunInstances (the SDK's, or ours after a timeout) never starts a second instance.
            ClientToken = spec.NodeId,
            InstanceInitiatedShutdownBehavior = ShutdownBehavior.Terminate,
            MetadataOptions = new InstanceMetadataOptionsRequest { HttpTokens = HttpTokensState.Required },
            TagSpecifications =
            [
                new TagSpecification { ResourceType = ResourceType.Instance, Tags = tagList },
                new TagSpecification { ResourceType = ResourceType.Volume, Tags = tagList },
            ],
        };
        using var ec2 = await ClientAsync(target, cancellationToken);
        RunInstancesResponse response;
        try
        {
            response = await ec2.RunInstancesAsync(request, cancellationToken);
        }
        catch (AmazonEC2Exception exception)
        {
            throw Ec2ErrorMessages.Launch(exception, target, subnetId, instanceType, amiId);
        }
        var instance = response.Reservation?.Instances?.FirstOrDefault()
                       ?? throw new ComputeDriverException($"EC2 RunInstances in subnet {subnetId} returned no instance.");
        logger.LogInformation("Launched {Role} node {NodeId} of cluster {ClusterId} as {InstanceId} ({InstanceType}) in subnet {SubnetId} of {Region}",
            role, spec.NodeId, spec.ClusterId, instance.InstanceId, instanceType, subnetId, target.AwsRegion);
        return new LaunchedNode(Handle(target.WorkspaceId, instance.InstanceId), instance.PrivateIpAddress ?? "",
            instance.LaunchTime is { } launched ? new DateTimeOffset(DateTime.SpecifyKind(launched, DateTimeKind.Utc)) : DateTimeOffset.UtcNow);
    }

    public async Task<IReadOnlyList<OwnedNode>> ListOwnedAsync(CancellationToken cancellationToken)
    {
        var owned = new List<OwnedNode>();
        foreach (var target in await targets.ListAsync(cancellationToken))
        {
            if (target.RoleArn.Length == 0 || target.SubnetIds.Count == 0)
            {
                continue; // nothing can have been launched for it
            }
            try
            {
                var found = await DescribeOwnedAsync(target, null, cancellationToken);
                _lastListed[target.WorkspaceId] = found;
                owned.AddRange(found);
            }
            catch (Exception exception) when (exception is ComputeDriverException or AmazonServiceException or AmazonClientException)
            {
                logger.LogWarning("Listing the ec2 nodes of workspace {WorkspaceId} failed; using the last listing: {Message}", target.WorkspaceId, exception.Message);
                owned.AddRange(_lastListed.GetValueOrDefault(target.WorkspaceId) ?? []);
            }
        }
        return owned;
    }

    public async Task<OwnedNode?> DescribeAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (!TryParse(instanceId, out var workspaceId, out var ec2InstanceId) || await targets.FindAsync(workspaceId, cancellationToken) is not { } target)
        {
            return null;
        }
        try
        {
            return (await DescribeOwnedAsync(target, ec2InstanceId, cancellationToken)).SingleOrDefault();
        }
        catch (ComputeDriverException exception) when (exception.InnerException is AmazonEC2Exception { ErrorCode: "InvalidInstanceID.NotFound" })
        {
            return null;
        }
    }

    public async Task TerminateAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (!TryParse(instanceId, out var workspaceId, out var ec2InstanceId))
        {
            return;
        }
        if (await targets.FindAsync(workspaceId, cancellationToken) is not { } target)
        {
            // Its workspace, and with it the role to act in the customer's account, is gone.
            logger.LogError("Cannot terminate {InstanceId}: workspace {WorkspaceId} no longer exists; terminate it in the customer's account", ec2InstanceId, workspaceId);
            return;
        }
        using var ec2 = await ClientAsync(target, cancellationToken);
        try
        {
            await ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [ec2InstanceId] }, cancellationToken);
        }
        catch (AmazonEC2Exception exception) when (exception.ErrorCode == "InvalidInstanceID.NotFound")
        {
            return;
        }
        catch (AmazonEC2Exception exception)
        {
            throw Ec2ErrorMessages.Other(exception, "TerminateInstances", target);
        }
        // Bounded: an instance that takes longer to reach terminated is still shutting down, and not ours to watch.
        var deadline = DateTime.UtcNow + settings.TerminateWait;
        while (DateTime.UtcNow < deadline)
        {
            var state = await StateAsync(ec2, ec2InstanceId, target, cancellationToken);
            if (state is null or "terminated")
            {
                return;
            }
            await Task.Delay(settings.PollInterval, cancellationToken);
        }
        logger.LogWarning("Instance {InstanceId} was not terminated within {Wait}; it is shutting down", ec2InstanceId, settings.TerminateWait);
    }

    private async Task<string?> StateAsync(AmazonEC2Client ec2, string ec2InstanceId, ComputeTarget target, CancellationToken cancellationToken)
    {
        try
        {
            var response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [ec2InstanceId] }, cancellationToken);
            return response.Reservations?.SelectMany(r => r.Instances ?? []).FirstOrDefault()?.State?.Name?.Value;
        }
        catch (AmazonEC2Exception exception) when (exception.ErrorCode == "InvalidInstanceID.NotFound")
        {
            return null;
        }
        catch (AmazonEC2Exception exception)
        {
            throw Ec2ErrorMessages.Other(exception, "DescribeInstances", target);
        }
    }

    /// <summary>The live instances of a workspace carrying lakeplaned's ownership tags (or just <paramref name="ec2InstanceId"/>).</summary>
    private async Task<IReadOnlyList<OwnedNode>> DescribeOwnedAsync(ComputeTarget target, string? ec2InstanceId, CancellationToken cancellationToken)
    {
        using var ec2 = await ClientAsync(target, cancellationToken);
        var request = new DescribeInstancesRequest
        {
            Filters =
            [
                new Filter("tag:" + Ec2Tags.AccountId, [target.AccountId]),
                new Filter("tag:" + Ec2Tags.WorkspaceId, [target.WorkspaceId.ToString(CultureInfo.InvariantCulture)]),
                new Filter("instance-state-name", LiveStates),
            ],
        };
        if (ec2InstanceId is not null)
        {
            request.InstanceIds = [ec2InstanceId];
        }
        var owned = new List<OwnedNode>();
        try
        {
            await foreach (var reservation in ec2.Paginators.DescribeInstances(request).Reservations.WithCancellation(cancellationToken))
            {
                foreach (var instance in reservation.Instances ?? [])
                {
                    var tags = (instance.Tags ?? []).ToDictionary(tag => tag.Key, tag => tag.Value, StringComparer.Ordinal);
                    if (tags.TryGetValue(Ec2Tags.ClusterId, out var clusterId) && tags.TryGetValue(Ec2Tags.NodeId, out var nodeId))
                    {
                        owned.Add(new OwnedNode(Handle(target.WorkspaceId, instance.InstanceId), clusterId, nodeId, instance.PrivateIpAddress ?? ""));
                    }
                }
            }
        }
        catch (AmazonEC2Exception exception)
        {
            throw Ec2ErrorMessages.Other(exception, "DescribeInstances", target);
        }
        return owned;
    }

    private async Task<AmazonEC2Client> ClientAsync(ComputeTarget target, CancellationToken cancellationToken)
    {
        var credentials = await roles.ForAsync(target, cancellationToken);
        var config = new AmazonEC2Config();
        if (settings.Ec2ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = target.AwsRegion;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(target.AwsRegion);
        }
        return new AmazonEC2Client(credentials, config);
    }

    private static string Handle(long workspaceId, string ec2InstanceId) =>
        InstancePrefix + workspaceId.ToString(CultureInfo.InvariantCulture) + ":" + ec2InstanceId;

    private static bool TryParse(string instanceId, out long workspaceId, out string ec2InstanceId)
    {
        workspaceId = 0;
        ec2InstanceId = "";
        var parts = instanceId.Split(':');
        if (parts.Length != 3 || parts[0] + ":" != InstancePrefix || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out workspaceId))
        {
            return false;
        }
        ec2InstanceId = parts[2];
        return ec2InstanceId.StartsWith("i-", StringComparison.Ordinal);
    }
}
