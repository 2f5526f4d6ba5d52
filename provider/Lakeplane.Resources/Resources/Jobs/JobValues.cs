using Lakeplane.Protos.V1;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Jobs;

/// <summary>
/// A job's settings between Terraform values (blocks `task`, `job_cluster`, `schedule`, `new_cluster`, ...) and the
/// jobs API. State keeps the configuration's shape: tasks and job clusters in the order written, and whatever the
/// configuration left out (a block, an empty map, an unset string) left out again, so a plan after apply is empty.
/// </summary>
public static class JobValues
{
    public static JobSettings Settings(ObjectValue planned)
    {
        var settings = new JobSettings
        {
            Name = planned.OptionalString("name") ?? "",
            MaxConcurrentRuns = (int)(planned.OptionalLong("max_concurrent_runs") ?? 1),
            TimeoutSeconds = (int)(planned.OptionalLong("timeout_seconds") ?? 0),
            Tags = { planned.OptionalStringMap("tags") ?? [] },
        };
        if (planned["schedule"] is ObjectValue schedule)
        {
            settings.Schedule = new CronSchedule
            {
                QuartzCronExpression = schedule.RequiredString("quartz_cron_expression"),
                TimezoneId = schedule.OptionalString("timezone_id") ?? "UTC",
                PauseStatus = schedule.OptionalString("pause_status") ?? "UNPAUSED",
            };
        }
        foreach (var jobCluster in Items(planned, "job_cluster"))
        {
            settings.JobClusters.Add(new JobCluster { JobClusterKey = jobCluster.RequiredString("job_cluster_key"), NewCluster = NewCluster((ObjectValue)jobCluster["new_cluster"]) });
        }
        foreach (var task in Items(planned, "task"))
        {
            var jobTask = new JobTask
            {
                TaskKey = task.RequiredString("task_key"),
                Description = task.OptionalString("description") ?? "",
                ExistingClusterId = task.OptionalString("existing_cluster_id") ?? "",
                JobClusterKey = task.OptionalString("job_cluster_key") ?? "",
                NewCluster = task["new_cluster"] is ObjectValue cluster ? NewCluster(cluster) : null,
                TimeoutSeconds = (int)(task.OptionalLong("timeout_seconds") ?? 0),
                MaxRetries = (int)(task.OptionalLong("max_retries") ?? 0),
                MinRetryIntervalMillis = (int)(task.OptionalLong("min_retry_interval_millis") ?? 0),
                RetryOnTimeout = task["retry_on_timeout"] is BoolValue { Value: true },
                DependsOn = { Items(task, "depends_on").Select(d => new TaskDependency { TaskKey = d.RequiredString("task_key") }) },
            };
            if (task["command_task"] is ObjectValue command)
            {
                jobTask.CommandTask = new CommandTask
                {
                    Command = command.RequiredString("command"),
                    Parameters = { command.OptionalStrings("parameters") ?? [] },
                    Env = { command.OptionalStringMap("env") ?? [] },
                };
            }
            if (task["spark_python_task"] is ObjectValue python)
            {
                jobTask.SparkPythonTask = new SparkPythonTask { PythonFile = python.RequiredString("python_file"), Parameters = { python.OptionalStrings("parameters") ?? [] } };
            }
            settings.Tasks.Add(jobTask);
        }
        return settings;
    }

    /// <summary>The job as state; what only the configuration knows (an empty map written as {}, the timeouts) from <paramref name="prior"/>.</summary>
    public static ObjectValue ToState(Job job, ObjectValue? prior)
    {
        var settings = job.Settings;
        var priorTasks = Items(prior, "task");
        var priorClusters = Items(prior, "job_cluster");
        var tasks = settings.Tasks.Select(task =>
        {
            var written = priorTasks.FirstOrDefault(t => t.OptionalString("task_key") == task.TaskKey);
            return (Value)new ObjectValue(new Dictionary<string, Value>
            {
                ["task_key"] = Value.Of(task.TaskKey),
                ["description"] = StateValues.StringOrNull(task.Description),
                ["existing_cluster_id"] = StateValues.StringOrNull(task.ExistingClusterId),
                ["job_cluster_key"] = StateValues.StringOrNull(task.JobClusterKey),
                ["timeout_seconds"] = Value.Of(task.TimeoutSeconds),
                ["max_retries"] = Value.Of(task.MaxRetries),
                ["min_retry_interval_millis"] = Value.Of(task.MinRetryIntervalMillis),
                ["retry_on_timeout"] = Value.Of(task.RetryOnTimeout),
                ["depends_on"] = List(task.DependsOn.Select(d => new ObjectValue(new Dictionary<string, Value> { ["task_key"] = Value.Of(d.TaskKey) })), written, "depends_on"),
                ["new_cluster"] = task.NewCluster is null ? Value.Null : NewClusterValue(task.NewCluster, written?["new_cluster"] as ObjectValue),
                ["command_task"] = task.CommandTask is not { } command ? Value.Null : new ObjectValue(new Dictionary<string, Value>
                {
                    ["command"] = Value.Of(command.Command),
                    ["parameters"] = Strings(command.Parameters, (written?["command_task"] as ObjectValue)?["parameters"]),
                    ["env"] = Map(command.Env, (written?["command_task"] as ObjectValue)?["env"]),
                }),
                ["spark_python_task"] = task.SparkPythonTask is not { } python ? Value.Null : new ObjectValue(new Dictionary<string, Value>
                {
                    ["python_file"] = Value.Of(python.PythonFile),
                    ["parameters"] = Strings(python.Parameters, (written?["spark_python_task"] as ObjectValue)?["parameters"]),
                }),
            });
        }).ToArray();
        var clusters = settings.JobClusters.Select(jobCluster =>
        {
            var written = priorClusters.FirstOrDefault(c => c.OptionalString("job_cluster_key") == jobCluster.JobClusterKey);
            return new ObjectValue(new Dictionary<string, Value>
            {
                ["job_cluster_key"] = Value.Of(jobCluster.JobClusterKey),
                ["new_cluster"] = NewClusterValue(jobCluster.NewCluster, written?["new_cluster"] as ObjectValue),
            });
        });
        return new ObjectValue(new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(job.WorkspaceId),
            ["job_id"] = Value.Of(job.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["name"] = StateValues.StringOrNull(settings.Name),
            ["max_concurrent_runs"] = Value.Of(settings.MaxConcurrentRuns),
            ["timeout_seconds"] = Value.Of(settings.TimeoutSeconds),
            ["tags"] = Map(settings.Tags, prior?["tags"]),
            ["creator_user_name"] = Value.Of(job.CreatorUserName),
            ["schedule"] = settings.Schedule is not { } schedule ? Value.Null : new ObjectValue(new Dictionary<string, Value>
            {
                ["quartz_cron_expression"] = Value.Of(schedule.QuartzCronExpression),
                ["timezone_id"] = Value.Of(schedule.TimezoneId),
                ["pause_status"] = Value.Of(schedule.PauseStatus),
            }),
            ["job_cluster"] = List(clusters, prior, "job_cluster"),
            ["task"] = new CollectionValue(tasks),
        });
    }

    public static IReadOnlyList<ObjectValue> Items(ObjectValue? value, string block) =>
        value?[block] is CollectionValue list ? list.Elements.OfType<ObjectValue>().ToList() : [];

    private static NewCluster NewCluster(ObjectValue value)
    {
        var cluster = new NewCluster
        {
            SparkVersion = value.RequiredString("spark_version"),
            NodeTypeId = value.RequiredString("node_type_id"),
            DriverNodeTypeId = value.OptionalString("driver_node_type_id") ?? "",
            CustomTags = { value.OptionalStringMap("custom_tags") ?? [] },
            SparkConf = { value.OptionalStringMap("spark_conf") ?? [] },
            SparkEnvVars = { value.OptionalStringMap("spark_env_vars") ?? [] },
        };
        if (value["autoscale"] is ObjectValue autoscale)
        {
            cluster.Autoscale = new AutoScale { MinWorkers = (int)autoscale.RequiredLong("min_workers"), MaxWorkers = (int)autoscale.RequiredLong("max_workers") };
        }
        else if (value.OptionalLong("num_workers") is { } workers)
        {
            // Only when written: the job keeps whether it was, so an import reads back what the configuration has
            // (the daemon counts a missing num_workers as 0).
            cluster.NumWorkers = (int)workers;
        }
        return cluster;
    }

    private static Value NewClusterValue(NewCluster cluster, ObjectValue? written) => new ObjectValue(new Dictionary<string, Value>
    {
        ["spark_version"] = Value.Of(cluster.SparkVersion),
        ["node_type_id"] = Value.Of(cluster.NodeTypeId),
        ["driver_node_type_id"] = StateValues.StringOrNull(cluster.DriverNodeTypeId),
        // As stored: set only when written. With a prior state, a 0 the state has as null stays null (jobs that earlier
        // versions of this provider stored with num_workers = 0 whether or not it was written).
        ["num_workers"] = cluster.HasNumWorkers && (cluster.NumWorkers != 0 || written is null || written["num_workers"] is NumberValue) ? Value.Of(cluster.NumWorkers) : Value.Null,
        ["custom_tags"] = Map(cluster.CustomTags, written?["custom_tags"]),
        ["spark_conf"] = Map(cluster.SparkConf, written?["spark_conf"]),
        ["spark_env_vars"] = Map(cluster.SparkEnvVars, written?["spark_env_vars"]),
        ["autoscale"] = cluster.Autoscale is not { } bounds ? Value.Null : new ObjectValue(new Dictionary<string, Value>
        {
            ["min_workers"] = Value.Of(bounds.MinWorkers),
            ["max_workers"] = Value.Of(bounds.MaxWorkers),
        }),
    });

    private static Value List(IEnumerable<ObjectValue> items, ObjectValue? prior, string block)
    {
        var elements = items.Cast<Value>().ToArray();
        return elements.Length == 0 && (prior is null || prior[block].IsNull) ? Value.Null : new CollectionValue(elements);
    }

    private static Value Strings(IEnumerable<string> values, Value? written)
    {
        var elements = values.Select(v => (Value)Value.Of(v)).ToArray();
        return elements.Length == 0 && (written is null || written.IsNull) ? Value.Null : new CollectionValue(elements);
    }

    private static Value Map(IEnumerable<KeyValuePair<string, string>> entries, Value? written)
    {
        var map = entries.ToList();
        return map.Count == 0 && (written is null || written.IsNull) ? Value.Null : StateValues.StringMap(map);
    }
}
