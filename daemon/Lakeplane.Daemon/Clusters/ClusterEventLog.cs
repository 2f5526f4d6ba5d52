using System.Globalization;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// The event log of each cluster, in the store next to the cluster (kind cluster_event, scope cluster:&lt;id&gt;).
/// Events are written in the same transaction as the state change they report, so the log never disagrees
/// with the cluster. Their name orders them: the timestamp, then a sequence number within this daemon.
/// </summary>
public static class ClusterEventLog
{
    private const int DefaultLimit = 50;
    private const int MaxLimit = 500;
    private static long _sequence;

    public static Task AppendAsync(IStoreTransaction transaction, string accountId, string clusterId, DateTimeOffset at, string type, EventDetails details, CancellationToken cancellationToken)
    {
        var timestamp = at.ToUnixTimeMilliseconds();
        var sequence = Interlocked.Increment(ref _sequence);
        var name = timestamp.ToString("D15", CultureInfo.InvariantCulture) + "-" + sequence.ToString("D12", CultureInfo.InvariantCulture);
        var body = ProtoBodies.Serialize(new ClusterEvent { ClusterId = clusterId, Timestamp = timestamp, Type = type, Details = details });
        return transaction.InsertAsync(ObjectKinds.ClusterEvent, Guid.NewGuid().ToString("N"), accountId, ObjectKinds.ClusterScope(clusterId), name, body, cancellationToken);
    }

    /// <summary>One page of a cluster's events, filtered and ordered as the request says, with the request for the next page.</summary>
    public static async Task<ListClusterEventsResponse> PageAsync(IStoreReader reader, string accountId, ListClusterEventsRequest request, CancellationToken cancellationToken)
    {
        var order = request.Order.Length == 0 ? "DESC" : request.Order.ToUpperInvariant();
        if (order is not ("ASC" or "DESC"))
        {
            throw LakeplaneException.Invalid("order", $"order '{request.Order}' is not ASC or DESC.");
        }
        if (request.Limit is < 0 or > MaxLimit)
        {
            throw LakeplaneException.Invalid("limit", $"limit is {request.Limit}: use 1 to {MaxLimit} (0 or absent: {DefaultLimit}).");
        }
        if (request.Offset < 0)
        {
            throw LakeplaneException.Invalid("offset", $"offset is {request.Offset}: use 0 or more.");
        }
        if (request.StartTime > 0 && request.EndTime > 0 && request.EndTime < request.StartTime)
        {
            throw LakeplaneException.Invalid("end_time", "end_time is before start_time: give a time range that is not empty.");
        }
        var limit = request.Limit == 0 ? DefaultLimit : (int)request.Limit;
        var rows = await reader.ListAsync(ObjectKinds.ClusterEvent, accountId, ObjectKinds.ClusterScope(request.ClusterId), cancellationToken: cancellationToken);
        var types = request.EventTypes.ToHashSet(StringComparer.Ordinal);
        var matching = rows
            .Select(row => ProtoBodies.Deserialize<ClusterEvent>(row.Body))
            .Where(e => (request.StartTime == 0 || e.Timestamp >= request.StartTime) && (request.EndTime == 0 || e.Timestamp <= request.EndTime))
            .Where(e => types.Count == 0 || types.Contains(e.Type))
            .ToList();
        if (order == "DESC")
        {
            matching.Reverse();
        }
        var page = matching.Skip((int)Math.Min(request.Offset, int.MaxValue)).Take(limit).ToList();
        var response = new ListClusterEventsResponse { Events = { page }, TotalCount = matching.Count };
        if (request.Offset + page.Count < matching.Count)
        {
            var next = request.Clone();
            next.Offset = request.Offset + page.Count;
            next.Limit = limit;
            response.NextPage = next;
        }
        return response;
    }
}
