using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Compute;
using Lakeplane.Daemon.Hosting;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Replication;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// Drives compute to what the clusters in the store ask for, round after round: launches missing nodes, replaces
/// lost ones, removes surplus ones, completes state moves (PENDING/RESTARTING/RESIZING → RUNNING, TERMINATING →
/// TERMINATED), autoscales and auto-terminates. It works from the store and from what the compute driver finds alive,
/// never from memory of earlier rounds, so after a restart (graceful or not) it re-adopts the nodes still running,
/// terminates those nobody wants, and launches nothing twice: a node's record is written before its launch.
/// </summary>
public sealed class ClusterReconciler(
    IStore store,
    IComputeDriver driver,
    IComputeTargets targets,
    NodeHeartbeats heartbeats,
    ClusterSignal signal,
    ClusterSettings settings,
    ClusterValidation validation,
    Autoscaler autoscaler,
    DaemonAddress address,
    LoopLeases leases,
    TimeProvider time,
    ILogger<ClusterReconciler> logger) : BackgroundService
{
    /// <summary>Only the holder of this lease reconciles; every decision it commits is fenced by it.</summary>
    private LoopLease Lease => leases.Clusters;

    private const string Actor = "lakeplaned (cluster manager)";

    /// <summary>After this many failed node launches in a row a cluster goes to ERROR instead of trying forever.</summary>
    private const int MaxLaunchFailures = 3;

    private readonly ConcurrentDictionary<string, int> _launchFailures = new(StringComparer.Ordinal);

    /// <summary>A node that has not reported within this time of its launch never started properly.</summary>
    private TimeSpan StartTimeout => settings.NodeTimeout * 4;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!address.IsBound)
            {
                await Task.Delay(20, stoppingToken);
            }
            await driver.AttachAsync(address.BaseUrl, stoppingToken);
            heartbeats.MarkReachable();
            // A replica taking the loop over gives every node a full timeout to be heard of (through any replica) before
            // counting it lost, and forgets what earlier terms of its own counted.
            Lease.Acquired += () =>
            {
                heartbeats.MarkReachable();
                _launchFailures.Clear();
                signal.Notify();
            };
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (Lease.IsHeld)
                    {
                        await ReconcileAsync(stoppingToken);
                    }
                }
                catch (LeaseLostException exception)
                {
                    logger.LogWarning("Cluster reconcile round stopped: {Message}", exception.Message);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "Cluster reconcile round failed; retrying");
                }
                await signal.WaitAsync(settings.ReconcileInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: nodes keep running, the next start re-adopts them.
        }
    }

    /// <summary>One round over every cluster of every account.</summary>
    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var (clusterRows, nodeRows, workspaceRows, livenessRows) = await store.ReadAsync(async reader =>
            (await reader.ListAllAsync(ObjectKinds.Cluster, cancellationToken: cancellationToken),
             await reader.ListAllAsync(ObjectKinds.ClusterNode, cancellationToken: cancellationToken),
             await reader.ListAllAsync(ObjectKinds.Workspace, cancellationToken: cancellationToken),
             await reader.ListAllAsync(ObjectKinds.ClusterNodeLiveness, cancellationToken: cancellationToken)), cancellationToken);
        var owned = await driver.ListOwnedAsync(cancellationToken);
        var records = nodeRows.Select(row => (Row: row, Record: NodeRecord.Read(row.Body))).ToList();
        var recordsByNode = records.ToDictionary(r => r.Record.NodeId, StringComparer.Ordinal);
        // Heartbeats other replicas heard: the store, not this replica's memory, says when a node was last alive.
        foreach (var liveness in livenessRows)
        {
            if (recordsByNode.ContainsKey(liveness.Id))
            {
                heartbeats.Observe(liveness.Id, NodeLivenessRows.ToLiveness(liveness));
            }
            else
            {
                await Lease.WriteAsync(async t =>
                {
                    if (await t.GetAsync(ObjectKinds.ClusterNode, liveness.Id, cancellationToken) is null)
                    {
                        await NodeLivenessRows.DeleteAsync(t, liveness.Id, cancellationToken);
                    }
                    return true;
                }, cancellationToken);
            }
        }

        // Strays: nodes alive that no record wants (their cluster was deleted, or a launch whose record never committed).
        var strays = owned.Where(node => !recordsByNode.TryGetValue(node.NodeId, out var known)
                                         || (known.Record.InstanceId.Length > 0 && known.Record.InstanceId != node.InstanceId)).ToList();
        await Task.WhenAll(strays.Select(async node =>
        {
            // Checked again under the lease, in a transaction of its own: a node whose record committed after the read
            // above (the launch of a replica that held the lease before) is not a stray.
            var stillStray = await Lease.WriteAsync(async t =>
                await t.GetAsync(ObjectKinds.ClusterNode, node.NodeId, cancellationToken) is not { } current
                || NodeRecord.Read(current.Body).InstanceId is { Length: > 0 } instanceId && instanceId != node.InstanceId, cancellationToken);
            if (!stillStray)
            {
                return;
            }
            EnsureHeld();
            logger.LogWarning("Terminating node {NodeId} ({InstanceId}) of cluster {ClusterId}: no cluster wants it", node.NodeId, node.InstanceId, node.ClusterId);
            try
            {
                await driver.TerminateAsync(node.InstanceId, cancellationToken);
            }
            catch (ComputeDriverException exception)
            {
                // Tried again next round; the clusters that can be reconciled must not wait for it.
                logger.LogError("Terminating stray node {InstanceId} failed: {Message}", node.InstanceId, exception.Message);
            }
        }));

        // A deleted workspace takes its clusters with it: they go now, and their nodes with the orphans below.
        var workspaceScopes = workspaceRows.Select(row => ObjectKinds.WorkspaceScope(long.Parse(row.Id, CultureInfo.InvariantCulture))).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in clusterRows.Where(row => !workspaceScopes.Contains(row.Scope)).ToList())
        {
            await DeleteClusterOfDeletedWorkspaceAsync(gone, cancellationToken);
            clusterRows = clusterRows.Where(row => row.Id != gone.Id).ToList();
        }
        var clusterIds = clusterRows.Select(row => row.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in records.Where(r => !clusterIds.Contains(r.Record.ClusterId)))
        {
            try
            {
                await RemoveNodeAsync(orphan.Row, orphan.Record, null, cancellationToken);
            }
            catch (ComputeDriverException exception)
            {
                // Its record stays, so the next round tries again.
                logger.LogError("Removing node {NodeId} of deleted cluster {ClusterId} failed: {Message}", orphan.Record.NodeId, orphan.Record.ClusterId, exception.Message);
            }
        }

        var ownedByNode = owned.GroupBy(node => node.NodeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var row in clusterRows)
        {
            try
            {
                var nodes = records.Where(r => r.Record.ClusterId == row.Id).ToList();
                await ReconcileClusterAsync(row, nodes, ownedByNode, cancellationToken);
            }
            catch (StoreVersionConflictException)
            {
                // Changed by an API call meanwhile: the next round sees the new version.
                signal.Notify();
            }
            catch (ComputeDriverException exception)
            {
                // The driver cannot act for this cluster (e.g. its role may not terminate instances): it says why, and other
                // clusters go on.
                logger.LogError("Cluster {ClusterId}: {Message}", row.Id, exception.Message);
                await FailAsync(row.Id, exception.Message, cancellationToken);
            }
        }
    }

    private async Task ReconcileClusterAsync(
        StoredObject row, List<(StoredObject Row, NodeRecord Record)> nodes, IReadOnlyDictionary<string, OwnedNode> ownedByNode, CancellationToken cancellationToken)
    {
        var cluster = AccountObjects.Materialise<Cluster>(row);
        if (!ClusterStates.WantsNodes(cluster.State))
        {
            await Task.WhenAll(nodes.Select(node => RemoveNodeAsync(node.Row, node.Record, null, cancellationToken)));
            autoscaler.Forget(cluster.ClusterId);
            _launchFailures.TryRemove(cluster.ClusterId, out _);
            if (cluster.State == ClusterStates.Terminating)
            {
                await ChangeAsync(row.Id, (current, now, events) =>
                {
                    if (current.State != ClusterStates.Terminating)
                    {
                        return null;
                    }
                    var reason = current.TerminationReason?.Code ?? TerminationCodes.UserRequest;
                    ClusterService.Move(current, ClusterStates.Terminated, $"Terminated: {reason}.", now);
                    return "state=TERMINATED";
                }, cancellationToken);
            }
            return;
        }

        var now = time.GetUtcNow();
        var live = new List<(StoredObject Row, NodeRecord Record)>();
        foreach (var node in nodes)
        {
            var record = node.Record;
            ownedByNode.TryGetValue(record.NodeId, out var alive);
            if (record.InstanceId.Length == 0 && alive is not null)
            {
                // Launched by a daemon that died before recording the instance: adopt it.
                record = record with { InstanceId = alive.InstanceId, PrivateIp = alive.PrivateIp };
                var adopted = await Lease.WriteAsync(t => t.UpdateAsync(ObjectKinds.ClusterNode, node.Row.Id, node.Row.Version, "", record.Serialize(), cancellationToken), cancellationToken);
                live.Add((adopted, record));
                continue;
            }
            var why = LostBecause(record, alive, now);
            if (why is not null)
            {
                await RemoveNodeAsync(node.Row, record, (cluster, why), cancellationToken);
                if (record.RegisteredAt == 0 && heartbeats.Latest(record.NodeId) is null)
                {
                    _launchFailures.AddOrUpdate(cluster.ClusterId, 1, (_, count) => count + 1);
                }
                continue;
            }
            if (record.LaunchedAt < cluster.LastRestartedTime)
            {
                // A node of the cluster before its restart (or an edit that needed one).
                await RemoveNodeAsync(node.Row, record, null, cancellationToken);
                continue;
            }
            live.Add((node.Row, record));
        }

        if (_launchFailures.TryGetValue(cluster.ClusterId, out var failures) && failures >= MaxLaunchFailures)
        {
            await FailAsync(row.Id, $"{failures} nodes failed to start; see the agent.log of the nodes (local: under the daemon's compute/nodes directory; ec2: /var/lib/lakeplane/agent.log on the instance). Terminate the cluster and start it again.", cancellationToken);
            return;
        }

        var driverNode = live.FirstOrDefault(n => n.Record.IsDriver);
        var workers = live.Where(n => !n.Record.IsDriver).ToList();
        var target = cluster.TargetNumWorkers;
        foreach (var surplus in workers.OrderBy(n => IsRegistered(n.Record) ? 1 : 0).ThenByDescending(n => n.Record.LaunchedAt).Take(Math.Max(0, workers.Count - target)).ToList())
        {
            await RemoveNodeAsync(surplus.Row, surplus.Record, null, cancellationToken);
            workers.Remove(surplus);
            live.Remove(surplus);
        }
        var cause = cluster.State switch
        {
            ClusterStates.Pending => "CREATE",
            ClusterStates.Restarting => "RESTART",
            ClusterStates.Resizing => "RESIZE",
            _ => "AUTORECOVERY",
        };
        var launches = new List<NodeRole>();
        if (driverNode.Record is null)
        {
            launches.Add(NodeRole.Driver);
        }
        launches.AddRange(Enumerable.Repeat(NodeRole.Worker, Math.Max(0, target - workers.Count)));
        if (launches.Count > 0)
        {
            await Task.WhenAll(launches.Select(role => LaunchNodeAsync(row.AccountId, cluster, role, cause, cancellationToken)));
            return;
        }

        if (live.Any(n => !IsRegistered(n.Record)))
        {
            return;
        }
        _launchFailures.TryRemove(cluster.ClusterId, out _);
        var unannounced = live.Where(n => !n.Record.Announced).ToList();
        if (cluster.State != ClusterStates.Running || unannounced.Count > 0)
        {
            await CompleteAsync(row.Id, workers.Count, unannounced, cancellationToken);
            return;
        }
        await WatchRunningAsync(cluster, driverNode.Record!, now, cancellationToken);
    }

    /// <summary>Every node is up: a starting, restarting or resizing cluster is RUNNING; new nodes are announced.</summary>
    private async Task CompleteAsync(string clusterId, int workerCount, List<(StoredObject Row, NodeRecord Record)> unannounced, CancellationToken cancellationToken)
    {
        await Lease.WriteAsync(async transaction =>
        {
            var row = await transaction.GetAsync(ObjectKinds.Cluster, clusterId, cancellationToken);
            if (row is null)
            {
                return false;
            }
            var cluster = AccountObjects.Materialise<Cluster>(row);
            var now = time.GetUtcNow();
            var nodeIds = unannounced.Select(n => n.Record.NodeId).ToList();
            var details = new EventDetails { CurrentNumWorkers = workerCount, TargetNumWorkers = cluster.TargetNumWorkers, NodeIds = { nodeIds } };
            switch (cluster.State)
            {
                case ClusterStates.Pending or ClusterStates.Restarting:
                    ClusterService.Move(cluster, ClusterStates.Running, "", now);
                    cluster.LastActivityTime = now.ToUnixTimeMilliseconds();
                    await ClusterEventLog.AppendAsync(transaction, row.AccountId, clusterId, now, ClusterEventTypes.Running, details, cancellationToken);
                    await ClusterEventLog.AppendAsync(transaction, row.AccountId, clusterId, now, ClusterEventTypes.DriverHealthy, new EventDetails(), cancellationToken);
                    break;
                case ClusterStates.Resizing:
                    ClusterService.Move(cluster, ClusterStates.Running, "", now);
                    details.Cause = "RESIZE";
                    await ClusterEventLog.AppendAsync(transaction, row.AccountId, clusterId, now, ClusterEventTypes.UpsizeCompleted, details, cancellationToken);
                    break;
                default:
                    details.Cause = "AUTORECOVERY";
                    await ClusterEventLog.AppendAsync(transaction, row.AccountId, clusterId, now, ClusterEventTypes.UpsizeCompleted, details, cancellationToken);
                    break;
            }
            await transaction.UpdateAsync(ObjectKinds.Cluster, row.Id, row.Version, row.Name, ClusterRows.Serialize(cluster), cancellationToken);
            await transaction.AppendAuditAsync(row.AccountId, Actor, "cluster.reconcile", ObjectKinds.Cluster, clusterId,
                $"state={cluster.State}, workers={workerCount.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
            foreach (var node in unannounced)
            {
                var current = await transaction.GetAsync(ObjectKinds.ClusterNode, node.Record.NodeId, cancellationToken);
                if (current is not null)
                {
                    var record = NodeRecord.Read(current.Body) with { Announced = true };
                    await transaction.UpdateAsync(ObjectKinds.ClusterNode, current.Id, current.Version, "", record.Serialize(), cancellationToken);
                }
            }
            return true;
        }, cancellationToken);
        logger.LogInformation("Cluster {ClusterId} is running with {Workers} workers", clusterId, workerCount);
    }

    /// <summary>A steady RUNNING cluster: autoscaling on its driver's reported work, and termination after inactivity.</summary>
    private async Task WatchRunningAsync(Cluster cluster, NodeRecord driverRecord, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var liveness = heartbeats.Latest(driverRecord.NodeId);
        var lastActivity = DateTimeOffset.FromUnixTimeMilliseconds(cluster.LastActivityTime);
        if (liveness is { HasWork: true } && liveness.At > lastActivity)
        {
            lastActivity = liveness.At;
        }
        if (cluster.Autoscale is { } bounds && liveness is not null)
        {
            var worker = validation.NodeType("node_type_id", cluster.NodeTypeId);
            var target = autoscaler.Target(cluster.ClusterId, bounds, cluster.TargetNumWorkers, liveness.PendingWork, liveness.RunningWork, worker.NumCores);
            if (target != cluster.TargetNumWorkers)
            {
                await ChangeAsync(cluster.ClusterId, (current, at, events) =>
                {
                    if (current.State != ClusterStates.Running || current.Autoscale is null)
                    {
                        return null;
                    }
                    var driverType = validation.NodeType("driver_node_type_id", current.DriverNodeTypeId.Length == 0 ? current.NodeTypeId : current.DriverNodeTypeId);
                    var previous = current.TargetNumWorkers;
                    current.TargetNumWorkers = target;
                    current.ClusterCores = driverType.NumCores + target * worker.NumCores;
                    current.ClusterMemoryMb = driverType.MemoryMb + target * worker.MemoryMb;
                    current.LastActivityTime = Math.Max(current.LastActivityTime, lastActivity.ToUnixTimeMilliseconds());
                    ClusterService.Move(current, ClusterStates.Resizing, $"Autoscaling from {previous} to {target} workers.", at);
                    events.Add((ClusterEventTypes.Resizing, new EventDetails
                    {
                        Cause = "AUTOSCALE", CurrentNumWorkers = previous, TargetNumWorkers = target, PendingWork = liveness.PendingWork,
                    }));
                    return $"autoscale target_num_workers={target.ToString(CultureInfo.InvariantCulture)}";
                }, cancellationToken);
                return;
            }
        }
        if (InactivityPolicy.ShouldTerminate(cluster, lastActivity, now, settings.MinuteLength))
        {
            await ChangeAsync(cluster.ClusterId, (current, at, events) =>
            {
                if (current.State != ClusterStates.Running)
                {
                    return null;
                }
                var reason = new TerminationReason
                {
                    Code = TerminationCodes.Inactivity,
                    Type = TerminationCodes.Success,
                    Parameters = { ["inactivity_duration_min"] = current.AutoterminationMinutes.ToString(CultureInfo.InvariantCulture) },
                };
                ClusterService.BeginTermination(current, reason, $"Inactive for {current.AutoterminationMinutes} minutes.", at);
                events.Add((ClusterEventTypes.Terminating, new EventDetails { Reason = reason }));
                return "state=TERMINATING (inactivity)";
            }, cancellationToken);
            return;
        }
        // Remember activity across restarts, without a write per heartbeat.
        if (lastActivity.ToUnixTimeMilliseconds() - cluster.LastActivityTime >= Math.Min(5000, settings.MinuteLength.TotalMilliseconds))
        {
            await Lease.WriteAsync(async transaction =>
            {
                var row = await transaction.GetAsync(ObjectKinds.Cluster, cluster.ClusterId, cancellationToken);
                if (row is null)
                {
                    return false;
                }
                var current = AccountObjects.Materialise<Cluster>(row);
                current.LastActivityTime = Math.Max(current.LastActivityTime, lastActivity.ToUnixTimeMilliseconds());
                await transaction.UpdateAsync(ObjectKinds.Cluster, row.Id, row.Version, row.Name, ClusterRows.Serialize(current), cancellationToken);
                return true;
            }, cancellationToken);
        }
    }

    /// <summary>Why a node counts as lost, or null while it is fine.</summary>
    private string? LostBecause(NodeRecord record, OwnedNode? alive, DateTimeOffset now)
    {
        if (alive is null || alive.InstanceId != record.InstanceId)
        {
            return record.RegisteredAt > 0 || heartbeats.Latest(record.NodeId) is not null
                ? "its process exited"
                : "its process exited before it registered";
        }
        var latest = heartbeats.Latest(record.NodeId);
        var launched = DateTimeOffset.FromUnixTimeMilliseconds(record.LaunchedAt);
        // The latest of: its last heartbeat (heard by any replica), its launch, and when this replica became the one to watch.
        var lastSeen = new[] { latest?.At ?? DateTimeOffset.MinValue, launched, heartbeats.Since }.Max();
        var limit = IsRegistered(record) ? settings.NodeTimeout : StartTimeout;
        return now - lastSeen > limit
            ? $"it sent no heartbeat for {(int)(now - lastSeen).TotalSeconds} s"
            : null;
    }

    /// <summary>Before an action outside the store (launching, terminating): only while the lease is still valid here, which
    /// guarantees no other replica holds it. Decisions inside the store are fenced by the store itself.</summary>
    private void EnsureHeld()
    {
        if (!Lease.IsHeld)
        {
            throw new LeaseLostException(Lease.Role, "its local validity ran out before acting on compute");
        }
    }

    private bool IsRegistered(NodeRecord record) => record.RegisteredAt > 0 || heartbeats.Latest(record.NodeId) is not null;

    /// <summary>Writes the node's record, then launches it: a daemon dying in between finds the node by its ids.</summary>
    private async Task LaunchNodeAsync(string accountId, Cluster cluster, NodeRole role, string cause, CancellationToken cancellationToken)
    {
        var nodeTypeId = role == NodeRole.Driver && cluster.DriverNodeTypeId.Length > 0 ? cluster.DriverNodeTypeId : cluster.NodeTypeId;
        var nodeType = validation.NodeType(role == NodeRole.Driver ? "driver_node_type_id" : "node_type_id", nodeTypeId);
        var secret = TokenSecrets.NewTokenValue();
        var record = new NodeRecord(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), cluster.ClusterId, accountId, cluster.WorkspaceId,
            role == NodeRole.Driver ? NodeRecord.DriverRole : NodeRecord.WorkerRole, nodeTypeId, "", "",
            time.GetUtcNow().ToUnixTimeMilliseconds(), 0, TokenSecrets.Hash(secret), cause, false);
        var row = await Lease.WriteAsync(t => t.InsertAsync(ObjectKinds.ClusterNode, record.NodeId, accountId, ObjectKinds.ClusterScope(cluster.ClusterId), "", record.Serialize(), cancellationToken), cancellationToken);
        try
        {
            EnsureHeld();
            var tags = new Dictionary<string, string>(cluster.CustomTags);
            foreach (var (key, value) in cluster.DefaultTags)
            {
                tags[key] = value;
            }
            var target = await targets.FindAsync(cluster.WorkspaceId, cancellationToken)
                         ?? throw new ComputeDriverException($"Workspace {cluster.WorkspaceId} no longer exists.");
            var launched = await driver.LaunchAsync(new NodeLaunchSpec(accountId, cluster.WorkspaceId, cluster.ClusterId, record.NodeId, role, nodeType,
                cluster.SparkVersion, secret, tags, cluster.SparkEnvVars, target), cancellationToken);
            // Re-read: the node may already have registered (its first heartbeat writes the record too).
            await Lease.WriteAsync(async transaction =>
            {
                var current = await transaction.GetAsync(ObjectKinds.ClusterNode, row.Id, cancellationToken);
                if (current is null)
                {
                    return false;
                }
                var updated = NodeRecord.Read(current.Body) with { InstanceId = launched.InstanceId, PrivateIp = launched.PrivateIp };
                await transaction.UpdateAsync(ObjectKinds.ClusterNode, current.Id, current.Version, "", updated.Serialize(), cancellationToken);
                return true;
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not LeaseLostException)
        {
            logger.LogError(exception, "Launching a {Role} node of cluster {ClusterId} failed", role, cluster.ClusterId);
            _launchFailures.AddOrUpdate(cluster.ClusterId, 1, (_, count) => count + 1);
            await Lease.WriteAsync(async transaction =>
            {
                if (await transaction.GetAsync(ObjectKinds.ClusterNode, row.Id, cancellationToken) is { } current)
                {
                    await transaction.DeleteAsync(ObjectKinds.ClusterNode, current.Id, current.Version, cancellationToken);
                }
                await ClusterEventLog.AppendAsync(transaction, accountId, cluster.ClusterId, time.GetUtcNow(), ClusterEventTypes.AddNodesFailed,
                    new EventDetails { NodeIds = { record.NodeId }, Message = $"The {driver.Name} compute driver could not launch the node: {exception.Message}" }, cancellationToken);
                return true;
            }, cancellationToken);
            if (exception is ComputeDriverException)
            {
                // A cause an operator must fix (permissions, network, capacity): retrying would only repeat it.
                await FailAsync(cluster.ClusterId, exception.Message, cancellationToken);
            }
        }
    }

    /// <summary>Terminates a node and forgets it; when <paramref name="lost"/> says so, records NODES_LOST in the same
    /// transaction that deletes the node's record, so the event is written exactly once.</summary>
    private async Task RemoveNodeAsync(StoredObject row, NodeRecord record, (Cluster Cluster, string Why)? lost, CancellationToken cancellationToken)
    {
        if (record.InstanceId.Length > 0)
        {
            EnsureHeld();
            await driver.TerminateAsync(record.InstanceId, cancellationToken);
        }
        heartbeats.Forget(record.NodeId);
        await Lease.WriteAsync(async transaction =>
        {
            var current = await transaction.GetAsync(ObjectKinds.ClusterNode, row.Id, cancellationToken);
            if (current is null)
            {
                return false;
            }
            await transaction.DeleteAsync(ObjectKinds.ClusterNode, current.Id, current.Version, cancellationToken);
            await NodeLivenessRows.DeleteAsync(transaction, current.Id, cancellationToken);
            if (lost is { } why)
            {
                var now = time.GetUtcNow();
                var message = $"{(record.IsDriver ? "Driver" : "Worker")} node {record.NodeId} was lost: {why.Why}. A replacement is being launched.";
                await ClusterEventLog.AppendAsync(transaction, record.AccountId, record.ClusterId, now, ClusterEventTypes.NodesLost,
                    new EventDetails { NodeIds = { record.NodeId }, Message = message, TargetNumWorkers = why.Cluster.TargetNumWorkers }, cancellationToken);
                if (record.IsDriver)
                {
                    await ClusterEventLog.AppendAsync(transaction, record.AccountId, record.ClusterId, now, ClusterEventTypes.DriverNotResponding,
                        new EventDetails { NodeIds = { record.NodeId }, Message = message }, cancellationToken);
                }
            }
            return true;
        }, cancellationToken);
        if (lost is { } reported)
        {
            logger.LogWarning("Node {NodeId} of cluster {ClusterId} lost: {Why}", record.NodeId, record.ClusterId, reported.Why);
        }
    }

    private Task DeleteClusterOfDeletedWorkspaceAsync(StoredObject cluster, CancellationToken cancellationToken) =>
        Lease.WriteAsync(async transaction =>
        {
            foreach (var clusterEvent in await transaction.ListAsync(ObjectKinds.ClusterEvent, cluster.AccountId, ObjectKinds.ClusterScope(cluster.Id), cancellationToken: cancellationToken))
            {
                await transaction.DeleteAsync(ObjectKinds.ClusterEvent, clusterEvent.Id, clusterEvent.Version, cancellationToken);
            }
            var current = await transaction.GetAsync(ObjectKinds.Cluster, cluster.Id, cancellationToken);
            if (current is null)
            {
                return false;
            }
            await transaction.DeleteAsync(ObjectKinds.Cluster, current.Id, current.Version, cancellationToken);
            await transaction.AppendAuditAsync(cluster.AccountId, Actor, "cluster.permanent_delete", ObjectKinds.Cluster, cluster.Id,
                "its workspace was deleted", cancellationToken);
            return true;
        }, cancellationToken);

    private Task FailAsync(string clusterId, string message, CancellationToken cancellationToken) =>
        ChangeAsync(clusterId, (current, now, events) =>
        {
            if (!ClusterStates.CanMove(current.State, ClusterStates.Error))
            {
                return null;
            }
            current.TerminationReason = new TerminationReason { Code = TerminationCodes.LaunchFailure, Type = TerminationCodes.CloudFailure };
            ClusterService.Move(current, ClusterStates.Error, message, now);
            return "state=ERROR";
        }, cancellationToken);

    /// <summary>Changes one cluster in a transaction of its own: <paramref name="change"/> sees the current stored cluster and
    /// returns the audit details, or null to leave it as it is.</summary>
    private Task ChangeAsync(string clusterId, Func<Cluster, DateTimeOffset, List<(string Type, EventDetails Details)>, string?> change, CancellationToken cancellationToken) =>
        Lease.WriteAsync(async transaction =>
        {
            var row = await transaction.GetAsync(ObjectKinds.Cluster, clusterId, cancellationToken);
            if (row is null)
            {
                return false;
            }
            var cluster = AccountObjects.Materialise<Cluster>(row);
            var now = time.GetUtcNow();
            var events = new List<(string Type, EventDetails Details)>();
            var details = change(cluster, now, events);
            if (details is null)
            {
                return false;
            }
            await transaction.UpdateAsync(ObjectKinds.Cluster, row.Id, row.Version, row.Name, ClusterRows.Serialize(cluster), cancellationToken);
            foreach (var (type, eventDetails) in events)
            {
                await ClusterEventLog.AppendAsync(transaction, row.AccountId, clusterId, now, type, eventDetails, cancellationToken);
            }
            await transaction.AppendAuditAsync(row.AccountId, Actor, "cluster.reconcile", ObjectKinds.Cluster, clusterId, details, cancellationToken);
            return true;
        }, cancellationToken);
}
