using System.Globalization;
using System.Text.RegularExpressions;
using Lakeplane.Daemon.Compute;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Clusters;

/// <summary>
/// The rules a cluster spec must follow, as the Databricks clusters API states them, each failing with a message
/// that names the field and the fix. Node types and runtimes are checked against the configured catalogues.
/// </summary>
public sealed partial class ClusterValidation(ClusterSettings settings)
{
    private const int MaxNameLength = 100;
    private const int MaxTags = 45;
    private static readonly string[] ReservedTags = ["Vendor", "Creator", "ClusterName", "ClusterId", "Name"];

    /// <summary>Checks a spec; returns the driver's and the workers' node types.</summary>
    public (NodeTypeSpec Driver, NodeTypeSpec Worker) Spec(Cluster spec)
    {
        Name(spec.ClusterName);
        SparkVersion(spec.SparkVersion);
        var worker = NodeType("node_type_id", spec.NodeTypeId);
        var driver = spec.DriverNodeTypeId.Length == 0 ? worker : NodeType("driver_node_type_id", spec.DriverNodeTypeId);
        Size(spec.HasNumWorkers ? spec.NumWorkers : null, spec.Autoscale, driver, worker);
        AutoterminationMinutes(spec.AutoterminationMinutes);
        CustomTags(spec.CustomTags);
        SparkConf(spec.SparkConf);
        SparkEnvVars(spec.SparkEnvVars);
        return (driver, worker);
    }

    /// <summary>Exactly one of num_workers and autoscale, within bounds and within the compute capacity.</summary>
    public void Size(int? numWorkers, AutoScale? autoscale, NodeTypeSpec driver, NodeTypeSpec worker)
    {
        if (numWorkers is not null && autoscale is not null)
        {
            throw LakeplaneException.Invalid("autoscale",
                "num_workers and autoscale are exclusive: give num_workers for a fixed size, or autoscale { min_workers, max_workers } for an autoscaling cluster, not both.");
        }
        int largest;
        string field;
        if (autoscale is not null)
        {
            if (autoscale.MinWorkers < 0)
            {
                throw LakeplaneException.Invalid("autoscale.min_workers", $"autoscale.min_workers is {autoscale.MinWorkers}: use 0 or more.");
            }
            if (autoscale.MaxWorkers < 1 || autoscale.MaxWorkers < autoscale.MinWorkers)
            {
                throw LakeplaneException.Invalid("autoscale.max_workers",
                    $"autoscale.max_workers is {autoscale.MaxWorkers}: it must be at least 1 and at least autoscale.min_workers ({autoscale.MinWorkers}).");
            }
            (largest, field) = (autoscale.MaxWorkers, "autoscale.max_workers");
        }
        else
        {
            largest = numWorkers ?? 0;
            field = "num_workers";
            if (largest < 0)
            {
                throw LakeplaneException.Invalid(field, $"num_workers is {largest}: use 0 (a single-node cluster, the driver only) or more.");
            }
        }
        var cores = driver.NumCores + largest * worker.NumCores;
        if (cores > settings.MaxCores)
        {
            throw LakeplaneException.Invalid(field,
                $"{field} {largest} of {worker.NodeTypeId} with a {driver.NodeTypeId} driver needs {cores.ToString(CultureInfo.InvariantCulture)} cores, " +
                $"more than the {settings.MaxCores.ToString(CultureInfo.InvariantCulture)} the {settings.ComputeDriver} compute driver offers: use fewer or smaller workers.");
        }
    }

    public NodeTypeSpec NodeType(string field, string nodeTypeId)
    {
        if (nodeTypeId.Length == 0)
        {
            throw LakeplaneException.Invalid(field, $"{field} is required: one of {string.Join(", ", settings.NodeTypes.Select(t => t.NodeTypeId))} (see clusters/list-node-types).");
        }
        return settings.NodeTypes.FirstOrDefault(t => t.NodeTypeId == nodeTypeId)
               ?? throw LakeplaneException.Invalid(field,
                   $"{field} '{nodeTypeId}' is not a node type of this workspace: use one of {string.Join(", ", settings.NodeTypes.Select(t => t.NodeTypeId))} (see clusters/list-node-types).");
    }

    private void SparkVersion(string key)
    {
        if (settings.SparkVersions.Any(v => v.Key == key))
        {
            return;
        }
        var known = string.Join(", ", settings.SparkVersions.Select(v => v.Key));
        throw LakeplaneException.Invalid("spark_version", key.Length == 0
            ? $"spark_version is required: one of {known} (see clusters/spark-versions)."
            : $"spark_version '{key}' is not a runtime of this workspace: use one of {known} (see clusters/spark-versions).");
    }

    private static void Name(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw LakeplaneException.Invalid("cluster_name", "cluster_name is required: give the cluster a name.");
        }
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            throw LakeplaneException.Invalid("cluster_name", $"cluster_name must be at most {MaxNameLength} characters without control characters.");
        }
    }

    /// <summary>Databricks: 0 turns automatic termination off; otherwise between 10 and 10000 minutes.</summary>
    public static void AutoterminationMinutes(int minutes)
    {
        if (minutes != 0 && minutes is < 10 or > 10000)
        {
            throw LakeplaneException.Invalid("autotermination_minutes",
                $"autotermination_minutes is {minutes}: use 0 to never terminate for inactivity, or 10 to 10000 minutes.");
        }
    }

    private static void CustomTags(IDictionary<string, string> tags)
    {
        if (tags.Count > MaxTags)
        {
            throw LakeplaneException.Invalid("custom_tags", $"custom_tags has {tags.Count} tags: use at most {MaxTags}.");
        }
        foreach (var (key, value) in tags)
        {
            if (key.Length is 0 or > 127 || value.Length > 255 || key.Any(char.IsControl) || value.Any(char.IsControl))
            {
                throw LakeplaneException.Invalid($"custom_tags.{key}", $"custom_tags.{key}: tag keys have 1 to 127 characters and values at most 255, without control characters.");
            }
            if (ReservedTags.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                throw LakeplaneException.Invalid($"custom_tags.{key}",
                    $"custom_tags.{key}: the tag '{key}' is set by Lakeplane itself (default_tags: {string.Join(", ", ReservedTags)}): choose another key.");
            }
        }
    }

    private static void SparkConf(IDictionary<string, string> conf)
    {
        foreach (var key in conf.Keys)
        {
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
            {
                throw LakeplaneException.Invalid("spark_conf", $"spark_conf key '{key}' is not a Spark property name: use dotted names such as spark.sql.shuffle.partitions.");
            }
        }
    }

    private static void SparkEnvVars(IDictionary<string, string> variables)
    {
        foreach (var key in variables.Keys)
        {
            if (!EnvironmentVariableName().IsMatch(key))
            {
                throw LakeplaneException.Invalid($"spark_env_vars.{key}", $"spark_env_vars.{key}: '{key}' is not an environment variable name: use letters, digits and _, not starting with a digit.");
            }
            if (key.StartsWith("LAKEPLANE_", StringComparison.Ordinal))
            {
                throw LakeplaneException.Invalid($"spark_env_vars.{key}", $"spark_env_vars.{key}: '{key}' is reserved for the node agent (LAKEPLANE_*): choose another name.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentVariableName();
}
