using System.Globalization;
using System.Security.Cryptography;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// The clusters API: what users ask of clusters. Each call records the desired state (and an event) in one
/// mutation; the <see cref="ClusterReconciler"/> then drives compute there. Callers need a token of the
/// workspace, or an account admin token.
/// </summary>
public sealed class ClusterService(
    IStore store,
    MutationRunner mutations,
    TimeProvider time,
    ClusterSettings settings,
    ClusterValidation validation,
    NodeHeartbeats heartbeats,
    ClusterSignal signal)
{
    private const string Kind = ObjectKinds.Cluster;

    public async Task<Cluster> CreateAsync(AuthenticatedPrincipal principal, CreateClusterRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var spec = Spec(request.ClusterName, request.SparkVersion, request.NodeTypeId, request.DriverNodeTypeId,
            request.HasNumWorkers ? request.NumWorkers : null, request.Autoscale, request.AutoterminationMinutes,
            request.CustomTags, request.SparkConf, request.SparkEnvVars);
        var (driver, worker) = validation.Spec(spec);
        var created = await mutations.RunAsync(new Mutation(principal, accountId, "cluster.create", request.RequestId, request), async transaction =>
        {
            await ClusterRows.RequireRunningWorkspaceAsync(transaction, accountId, request.WorkspaceId, cancellationToken);
            var now = time.GetUtcNow();
            var cluster = spec.Clone();
            cluster.ClusterId = NewClusterId(now);
            cluster.WorkspaceId = request.WorkspaceId;
            cluster.CreatorUserName = principal.UserName;
            cluster.ClusterSource = "API";
            cluster.StartTime = now.ToUnixTimeMilliseconds();
            cluster.LastActivityTime = cluster.StartTime;
            cluster.DefaultTags.Add(new Dictionary<string, string>
            {
                ["Vendor"] = "Lakeplane", ["Creator"] = principal.UserName, ["ClusterName"] = cluster.ClusterName, ["ClusterId"] = cluster.ClusterId,
            });
            Size(cluster, driver, worker, InitialWorkers(cluster));
            Move(cluster, ClusterStates.Pending, "Starting Spark on new nodes.", now);
            var row = await transaction.InsertAsync(Kind, cluster.ClusterId, accountId, ObjectKinds.WorkspaceScope(request.WorkspaceId), "", ClusterRows.Serialize(cluster), cancellationToken);
            await ClusterEventLog.AppendAsync(transaction, accountId, cluster.ClusterId, now, ClusterEventTypes.Creating,
                new EventDetails { User = principal.UserName, TargetNumWorkers = cluster.TargetNumWorkers }, cancellationToken);
            return new MutationOutcome<Cluster>(ClusterRows.View(row, [], heartbeats), Kind, cluster.ClusterId, "cluster_name=" + cluster.ClusterName);
        }, cancellationToken);
        signal.Notify();
        return created;
    }

    /// <summary>
    /// Replaces the spec. A running cluster resizes in place when only its size, autotermination or name changed,
    /// and restarts onto the new spec otherwise; a terminated cluster keeps the new spec for its next start.
    /// </summary>
    public async Task<Cluster> EditAsync(AuthenticatedPrincipal principal, EditClusterRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var spec = Spec(request.ClusterName, request.SparkVersion, request.NodeTypeId, request.DriverNodeTypeId,
            request.HasNumWorkers ? request.NumWorkers : null, request.Autoscale, request.AutoterminationMinutes,
            request.CustomTags, request.SparkConf, request.SparkEnvVars);
        var (driver, worker) = validation.Spec(spec);
        var edited = await MutateAsync(principal, accountId, request.WorkspaceId, request.ClusterId, "cluster.edit", request.RequestId, request, request.ExpectedVersion,
            (cluster, now, events) =>
            {
                if (cluster.State == ClusterStates.Terminating)
                {
                    throw LakeplaneException.Conflict($"Cluster {cluster.ClusterId} is TERMINATING: edit it once it is TERMINATED.", "cluster_id");
                }
                var needsRestart = !NeedsOnlyResize(cluster, spec);
                var sizeChanged = cluster.HasNumWorkers != spec.HasNumWorkers || cluster.NumWorkers != spec.NumWorkers || !Equals(cluster.Autoscale, spec.Autoscale);
                cluster.ClusterName = spec.ClusterName;
                cluster.SparkVersion = spec.SparkVersion;
                cluster.NodeTypeId = spec.NodeTypeId;
                cluster.DriverNodeTypeId = spec.DriverNodeTypeId;
                cluster.ClearNumWorkers();
                if (spec.HasNumWorkers)
                {
                    cluster.NumWorkers = spec.NumWorkers;
                }
                cluster.Autoscale = spec.Autoscale?.Clone();
                cluster.AutoterminationMinutes = spec.AutoterminationMinutes;
                Replace(cluster.CustomTags, spec.CustomTags);
                Replace(cluster.SparkConf, spec.SparkConf);
                Replace(cluster.SparkEnvVars, spec.SparkEnvVars);
                cluster.DefaultTags["ClusterName"] = spec.ClusterName;
                var target = sizeChanged ? ResizedTarget(cluster) : cluster.TargetNumWorkers;
                Size(cluster, driver, worker, target);
                events.Add((ClusterEventTypes.Edited, new EventDetails { User = principal.UserName, TargetNumWorkers = target }));
                if (!ClusterStates.WantsNodes(cluster.State))
                {
                    return "spec";
                }
                if (needsRestart)
                {
                    cluster.LastRestartedTime = now.ToUnixTimeMilliseconds();
                    if (cluster.State != ClusterStates.Pending)
                    {
                        Move(cluster, ClusterStates.Restarting, "Restarting onto the edited spec.", now);
                    }
                    events.Add((ClusterEventTypes.Restarting, new EventDetails { User = principal.UserName, Cause = "USER_REQUEST" }));
                    return "spec, restart";
                }
                if (sizeChanged && ClusterStates.IsActive(cluster.State))
                {
                    Move(cluster, ClusterStates.Resizing, $"Resizing to {target} workers.", now);
                    events.Add((ClusterEventTypes.Resizing, new EventDetails { User = principal.UserName, Cause = "USER_REQUEST", TargetNumWorkers = target }));
                }
                return "spec";
            }, cancellationToken);
        signal.Notify();
        return edited;
    }

    public Task<Cluster> GetAsync(AuthenticatedPrincipal principal, GetClusterRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return store.ReadAsync(async reader =>
        {
            var row = await ClusterRows.GetAsync(reader, accountId, request.WorkspaceId, request.ClusterId, cancellationToken);
            return ClusterRows.View(row, await ClusterRows.NodesAsync(reader, accountId, row.Id, cancellationToken), heartbeats);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Cluster>> ListAsync(AuthenticatedPrincipal principal, ListClustersRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return store.ReadAsync<IReadOnlyList<Cluster>>(async reader =>
        {
            var rows = await reader.ListAsync(Kind, accountId, ObjectKinds.WorkspaceScope(request.WorkspaceId), cancellationToken: cancellationToken);
            var clusters = new List<Cluster>(rows.Count);
            foreach (var row in rows)
            {
                clusters.Add(ClusterRows.View(row, await ClusterRows.NodesAsync(reader, accountId, row.Id, cancellationToken), heartbeats));
            }
            return clusters;
        }, cancellationToken);
    }

    /// <summary>A TERMINATED cluster starts again on its spec; starting one that is starting or running is a conflict.</summary>
    public async Task<Cluster> StartAsync(AuthenticatedPrincipal principal, StartClusterRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var started = await MutateAsync(principal, accountId, request.WorkspaceId, request.ClusterId, "cluster.start", request.RequestId, request, 0, (cluster, now, events) =>
        {
            if (cluster.State != ClusterStates.Terminated)
            {
                throw LakeplaneException.Conflict($"Cluster {cluster.ClusterId} is {cluster.State}: only a TERMINATED cluster can be started.", "cluster_id");
            }
            cluster.TerminationReason = null;
            cluster.TerminatedTime = 0;
            cluster.LastActivityTime = now.ToUnixTimeMilliseconds();
            cluster.LastRestartedTime = now.ToUnixTimeMilliseconds();
            cluster.TargetNumWorkers = InitialWorkers(cluster);
            Move(cluster, ClusterStates.Pending, "Starting Spark on new nodes.", now);
            events.Add((ClusterEventTypes.Starting, new EventDetails { User = principal.UserName, TargetNumWorkers = cluster.TargetNumWorkers }));
            return "state=PENDING";
        }, cancellationToken);
        signal.Notify();
        return started;
    }

    public async Task<Cluster> RestartAsync(AuthenticatedPrincipal principal, RestartClusterRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var restarted = await MutateAsync(principal, accountId, request.WorkspaceId, request.ClusterId, "cluster.restart", request.RequestId, request, 0, (cluster, now, events) =>
        {
            if (!ClusterStates.CanMove(cluster.State, ClusterStates.Restarting))
            {
                throw LakeplaneException.Conflict(
                    $"Cluster {cluster.ClusterId} is {cluster.State}: only a RUNNING cluster can be restarted{(cluster.State == ClusterStates.Terminated ? " (start it instead)" : "")}.", "cluster_id");
            }
            cluster.LastRestartedTime = now.ToUnixTimeMilliseconds();
            Move(cluster, ClusterStates.Restarting, "Restarting Spark on new nodes.", now);
            events.Add((ClusterEventTypes.Restarting, new EventDetails { User = principal.UserName, Cause = "USER_REQUEST" }));
            return "state=RESTARTING";
        }, cancellationToken);
        signal.Notify();
        return restarted;
    }

    public async Task<Cluster> ResizeAsync(AuthenticatedPrincipal principal, ResizeClusterRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        int? numWorkers = request.HasNumWorkers ? request.NumWorkers : null;
        if (numWorkers is null && request.Autoscale is null)
        {
            throw LakeplaneException.Invalid("num_workers", "Give the new size: num_workers for a fixed size, or autoscale { min_workers, max_workers }.");
        }
        var resized = await MutateAsync(principal, accountId, request.WorkspaceId, request.ClusterId, "cluster.resize", request.RequestId, request, 0, (cluster, now, events) =>
        {
            if (!ClusterStates.IsActive(cluster.State))
            {
                throw LakeplaneException.Conflict(
                    $"Cluster {cluster.ClusterId} is {cluster.State}: only a RUNNING cluster can be resized (clusters/edit changes the size of a terminated one).", "cluster_id");
            }
            var worker = validation.NodeType("node_type_id", cluster.NodeTypeId);
            var driver = cluster.DriverNodeTypeId.Length == 0 ? worker : validation.NodeType("driver_node_type_id", cluster.DriverNodeTypeId);
            validation.Size(numWorkers, request.Autoscale, driver, worker);
            cluster.ClearNumWorkers();
            if (numWorkers is not null)
            {
                cluster.NumWorkers = numWorkers.Value;
            }
            cluster.Autoscale = request.Autoscale?.Clone();
            var target = ResizedTarget(cluster);
            Size(cluster, driver, worker, target);
            Move(cluster, ClusterStates.Resizing, $"Resizing to {target} workers.", now);
            events.Add((ClusterEventTypes.Resizing, new EventDetails { User = principal.UserName, Cause = "USER_REQUEST", TargetNumWorkers = target }));
            return "target_num_workers=" + target.ToString(CultureInfo.InvariantCulture);
        }, cancellationToken);
        signal.Notify();
        return resized;
    }

    /// <summary>Terminates (Databricks' clusters/delete): nodes go, the cluster stays as TERMINATED. Terminating a
    /// terminated or terminating cluster changes nothing.</summary>
    public async Task<Cluster> TerminateAsync(AuthenticatedPrincipal principal, DeleteClusterRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var terminated = await MutateAsync(principal, accountId, request.WorkspaceId, request.ClusterId, "cluster.terminate", request.RequestId, request, 0, (cluster, now, events) =>
        {
            if (cluster.State is ClusterStates.Terminated or ClusterStates.Terminating)
            {
                return null;
            }
            var reason = new TerminationReason { Code = TerminationCodes.UserRequest, Type = TerminationCodes.Success, Parameters = { ["username"] = principal.UserName } };
            BeginTermination(cluster, reason, $"Terminating at the request of {principal.UserName}.", now);
            events.Add((ClusterEventTypes.Terminating, new EventDetails { User = principal.UserName, Reason = reason }));
            return "state=TERMINATING";
        }, cancellationToken);
        signal.Notify();
        return terminated;
    }

    /// <summary>Removes the cluster and its events for good. Its nodes, if any still run, have no cluster left and
    /// are terminated by the reconciler's next round.</summary>
    public async Task<PermanentDeleteClusterResponse> PermanentDeleteAsync(AuthenticatedPrincipal principal, PermanentDeleteClusterRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        var response = await mutations.RunAsync(new Mutation(principal, accountId, "cluster.permanent_delete", request.RequestId, request), async transaction =>
        {
            var row = await ClusterRows.GetAsync(transaction, accountId, request.WorkspaceId, request.ClusterId, cancellationToken);
            foreach (var clusterEvent in await transaction.ListAsync(ObjectKinds.ClusterEvent, accountId, ObjectKinds.ClusterScope(row.Id), cancellationToken: cancellationToken))
            {
                await transaction.DeleteAsync(ObjectKinds.ClusterEvent, clusterEvent.Id, clusterEvent.Version, cancellationToken);
            }
            await transaction.DeleteAsync(Kind, row.Id, row.Version, cancellationToken);
            return new MutationOutcome<PermanentDeleteClusterResponse>(new PermanentDeleteClusterResponse(), Kind, row.Id, "permanently deleted");
        }, cancellationToken);
        signal.Notify();
        return response;
    }

    public Task<ListClusterEventsResponse> EventsAsync(AuthenticatedPrincipal principal, ListClusterEventsRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return store.ReadAsync(async reader =>
        {
            await ClusterRows.GetAsync(reader, accountId, request.WorkspaceId, request.ClusterId, cancellationToken);
            return await ClusterEventLog.PageAsync(reader, accountId, request, cancellationToken);
        }, cancellationToken);
    }

    public ListNodeTypesResponse NodeTypes(AuthenticatedPrincipal principal, ListNodeTypesRequest request)
    {
        Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return new ListNodeTypesResponse
        {
            NodeTypes =
            {
                settings.NodeTypes.Select(t => new NodeType
                {
                    NodeTypeId = t.NodeTypeId, NumCores = t.NumCores, MemoryMb = t.MemoryMb, Description = t.Description,
                    InstanceTypeId = t.InstanceTypeId, Category = t.Category,
                }),
            },
        };
    }

    public ListSparkVersionsResponse SparkVersions(AuthenticatedPrincipal principal, ListSparkVersionsRequest request)
    {
        Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return new ListSparkVersionsResponse { Versions = { settings.SparkVersions.Select(v => new SparkVersion { Key = v.Key, Name = v.Name }) } };
    }

    /// <summary>Termination as the reconciler and the API start it: nodes go, the reason stays on the cluster.</summary>
    internal static void BeginTermination(Cluster cluster, TerminationReason reason, string message, DateTimeOffset now)
    {
        cluster.TerminationReason = reason;
        Move(cluster, ClusterStates.Terminating, message, now);
    }

    internal static void Move(Cluster cluster, string state, string message, DateTimeOffset now)
    {
        if (cluster.State.Length > 0 && cluster.State != state && !ClusterStates.CanMove(cluster.State, state))
        {
            throw new InvalidOperationException($"Cluster {cluster.ClusterId} cannot move from {cluster.State} to {state}.");
        }
        cluster.State = state;
        cluster.StateMessage = message;
        if (state == ClusterStates.Terminated)
        {
            cluster.TerminatedTime = now.ToUnixTimeMilliseconds();
        }
    }

    /// <summary>One mutation of an existing cluster: <paramref name="change"/> edits it and lists the events to record, and
    /// returns the audit details, or null when nothing changed.</summary>
    private Task<Cluster> MutateAsync(
        AuthenticatedPrincipal principal, string accountId, long workspaceId, string clusterId, string action, string requestId, Google.Protobuf.IMessage request,
        long expectedVersion, Func<Cluster, DateTimeOffset, List<(string Type, EventDetails Details)>, string?> change, CancellationToken cancellationToken) =>
        mutations.RunAsync(new Mutation(principal, accountId, action, requestId, request), async transaction =>
        {
            var row = await ClusterRows.GetAsync(transaction, accountId, workspaceId, clusterId, cancellationToken);
            var cluster = Account.AccountObjects.Materialise<Cluster>(row);
            var version = Account.AccountObjects.ExpectedVersion(expectedVersion, row, $"Cluster '{cluster.ClusterName}' ({cluster.ClusterId})");
            var now = time.GetUtcNow();
            var events = new List<(string Type, EventDetails Details)>();
            var details = change(cluster, now, events);
            var nodes = await ClusterRows.NodesAsync(transaction, accountId, row.Id, cancellationToken);
            if (details is null)
            {
                return new MutationOutcome<Cluster>(ClusterRows.View(row, nodes, heartbeats), Kind, row.Id, "no change");
            }
            var updated = await transaction.UpdateAsync(Kind, row.Id, version, row.Name, ClusterRows.Serialize(cluster), cancellationToken);
            foreach (var (type, eventDetails) in events)
            {
                eventDetails.CurrentNumWorkers = nodes.Count(n => !n.IsDriver);
                await ClusterEventLog.AppendAsync(transaction, accountId, row.Id, now, type, eventDetails, cancellationToken);
            }
            return new MutationOutcome<Cluster>(ClusterRows.View(updated, nodes, heartbeats), Kind, row.Id, details);
        }, cancellationToken);

    private static Cluster Spec(
        string name, string sparkVersion, string nodeTypeId, string driverNodeTypeId, int? numWorkers, AutoScale? autoscale, int autoterminationMinutes,
        IDictionary<string, string> customTags, IDictionary<string, string> sparkConf, IDictionary<string, string> sparkEnvVars)
    {
        var spec = new Cluster
        {
            ClusterName = name,
            SparkVersion = sparkVersion,
            NodeTypeId = nodeTypeId,
            DriverNodeTypeId = driverNodeTypeId.Length == 0 ? nodeTypeId : driverNodeTypeId,
            Autoscale = autoscale?.Clone(),
            AutoterminationMinutes = autoterminationMinutes,
            CustomTags = { customTags },
            SparkConf = { sparkConf },
            SparkEnvVars = { sparkEnvVars },
        };
        if (numWorkers is not null || autoscale is null)
        {
            spec.NumWorkers = numWorkers ?? 0;
        }
        return spec;
    }

    /// <summary>Whether going from the cluster's spec to <paramref name="spec"/> changes only what a running cluster can
    /// take in place: the size, autotermination and the name.</summary>
    private static bool NeedsOnlyResize(Cluster cluster, Cluster spec) =>
        cluster.SparkVersion == spec.SparkVersion
        && cluster.NodeTypeId == spec.NodeTypeId
        && cluster.DriverNodeTypeId == spec.DriverNodeTypeId
        && cluster.CustomTags.Equals(spec.CustomTags)
        && cluster.SparkConf.Equals(spec.SparkConf)
        && cluster.SparkEnvVars.Equals(spec.SparkEnvVars);

    private static int InitialWorkers(Cluster cluster) => cluster.Autoscale is { } bounds ? bounds.MinWorkers : cluster.NumWorkers;

    /// <summary>After a resize: the fixed size, or the current target moved inside the new autoscale bounds.</summary>
    private static int ResizedTarget(Cluster cluster) =>
        cluster.Autoscale is { } bounds ? Math.Clamp(cluster.TargetNumWorkers, bounds.MinWorkers, bounds.MaxWorkers) : cluster.NumWorkers;

    private static void Size(Cluster cluster, Compute.NodeTypeSpec driver, Compute.NodeTypeSpec worker, int target)
    {
        cluster.TargetNumWorkers = target;
        cluster.ClusterCores = driver.NumCores + target * worker.NumCores;
        cluster.ClusterMemoryMb = driver.MemoryMb + target * worker.MemoryMb;
    }

    private static void Replace(Google.Protobuf.Collections.MapField<string, string> target, IDictionary<string, string> source)
    {
        target.Clear();
        target.Add(source);
    }

    /// <summary>Shaped like Databricks' ids (0123-456789-abcdefgh): creation date and time, then random letters.</summary>
    private static string NewClusterId(DateTimeOffset now) =>
        now.ToString("MMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 8);
}
