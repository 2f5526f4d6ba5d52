using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>A job's new_cluster as the cluster manager takes it: the clusters/create fields of the spec.</summary>
public static class JobClusters
{
    public static Cluster AsClusterSpec(NewCluster spec, string name)
    {
        var cluster = new Cluster
        {
            ClusterName = name,
            SparkVersion = spec.SparkVersion,
            NodeTypeId = spec.NodeTypeId,
            DriverNodeTypeId = spec.DriverNodeTypeId,
            Autoscale = spec.Autoscale?.Clone(),
            CustomTags = { spec.CustomTags },
            SparkConf = { spec.SparkConf },
            SparkEnvVars = { spec.SparkEnvVars },
        };
        if (spec.HasNumWorkers || spec.Autoscale is null)
        {
            cluster.NumWorkers = spec.HasNumWorkers ? spec.NumWorkers : 0;
        }
        return cluster;
    }

    public static CreateClusterRequest AsCreateRequest(NewCluster spec, long workspaceId, string name, string requestId)
    {
        var request = new CreateClusterRequest
        {
            WorkspaceId = workspaceId,
            ClusterName = name,
            SparkVersion = spec.SparkVersion,
            NodeTypeId = spec.NodeTypeId,
            DriverNodeTypeId = spec.DriverNodeTypeId,
            Autoscale = spec.Autoscale?.Clone(),
            CustomTags = { spec.CustomTags },
            SparkConf = { spec.SparkConf },
            SparkEnvVars = { spec.SparkEnvVars },
            RequestId = requestId,
        };
        if (spec.HasNumWorkers || spec.Autoscale is null)
        {
            request.NumWorkers = spec.HasNumWorkers ? spec.NumWorkers : 0;
        }
        return request;
    }
}
