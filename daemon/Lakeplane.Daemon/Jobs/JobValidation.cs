using System.Globalization;
using System.Text.RegularExpressions;
using Lakeplane.Daemon.Clusters;
using Lakeplane.Daemon.Errors;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>
/// What a job's settings must satisfy before they are stored, each failure naming the field (tasks[1].depends_on[0]
/// .task_key, schedule.quartz_cron_expression, ...) and the fix: unique task keys, dependencies on tasks of the job and
/// no cycle among them, exactly one cluster and one task type per task, a valid schedule.
/// </summary>
public sealed partial class JobValidation(ClusterValidation clusters)
{
    public const int MaxConcurrentRunsLimit = 1000;

    /// <summary>Fills the defaults Databricks applies (max_concurrent_runs 1, UNPAUSED) and validates.</summary>
    public JobSettings Normalise(JobSettings? given, string path)
    {
        if (given is null)
        {
            throw LakeplaneException.Invalid(path, $"{path} is required: the job's name, tasks and (optionally) schedule.");
        }
        var settings = given.Clone();
        if (settings.MaxConcurrentRuns == 0)
        {
            settings.MaxConcurrentRuns = 1;
        }
        if (settings.Schedule is { PauseStatus.Length: 0 } schedule)
        {
            schedule.PauseStatus = CronTimetable.Unpaused;
        }
        if (settings.Schedule is { TimezoneId.Length: 0 } zoned)
        {
            zoned.TimezoneId = "UTC";
        }
        Validate(settings, path);
        return settings;
    }

    private void Validate(JobSettings settings, string path)
    {
        string Field(string name) => path.Length == 0 ? name : path + "." + name;
        if (settings.Name.Length > 4096)
        {
            throw LakeplaneException.Invalid(Field("name"), "name is longer than 4096 characters.");
        }
        if (settings.MaxConcurrentRuns is < 1 or > MaxConcurrentRunsLimit)
        {
            throw LakeplaneException.Invalid(Field("max_concurrent_runs"),
                $"max_concurrent_runs {settings.MaxConcurrentRuns} is out of range: give 1 to {MaxConcurrentRunsLimit} (default 1).");
        }
        if (settings.TimeoutSeconds < 0)
        {
            throw LakeplaneException.Invalid(Field("timeout_seconds"), "timeout_seconds must be 0 (no timeout) or positive.");
        }
        if (settings.Schedule is not null)
        {
            CronTimetable.Parse(settings.Schedule, Field("schedule"));
        }
        var jobClusterKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < settings.JobClusters.Count; i++)
        {
            var jobCluster = settings.JobClusters[i];
            var at = Field($"job_clusters[{i.ToString(CultureInfo.InvariantCulture)}]");
            if (!KeyPattern().IsMatch(jobCluster.JobClusterKey))
            {
                throw LakeplaneException.Invalid(at + ".job_cluster_key",
                    $"job_cluster_key '{jobCluster.JobClusterKey}' is not a key: use 1 to 100 letters, digits, '-' and '_'.");
            }
            if (!jobClusterKeys.Add(jobCluster.JobClusterKey))
            {
                throw LakeplaneException.Invalid(at + ".job_cluster_key", $"job_cluster_key '{jobCluster.JobClusterKey}' is used twice: job cluster keys must be unique.");
            }
            NewCluster(jobCluster.NewCluster, at + ".new_cluster");
        }
        if (settings.Tasks.Count == 0)
        {
            throw LakeplaneException.Invalid(Field("tasks"), "tasks is empty: a job needs at least one task (task_key and command_task or spark_python_task).");
        }
        if (settings.Tasks.Count > JobIds.MaxTasks - 1)
        {
            throw LakeplaneException.Invalid(Field("tasks"), $"A job has at most {JobIds.MaxTasks - 1} tasks; this one has {settings.Tasks.Count}.");
        }
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < settings.Tasks.Count; i++)
        {
            var task = settings.Tasks[i];
            var at = Field($"tasks[{i.ToString(CultureInfo.InvariantCulture)}]");
            if (!KeyPattern().IsMatch(task.TaskKey))
            {
                throw LakeplaneException.Invalid(at + ".task_key", task.TaskKey.Length == 0
                    ? "task_key is required: a name for the task, unique in the job (letters, digits, '-' and '_')."
                    : $"task_key '{task.TaskKey}' is not a key: use 1 to 100 letters, digits, '-' and '_'.");
            }
            if (!keys.TryAdd(task.TaskKey, i))
            {
                throw LakeplaneException.Invalid(at + ".task_key",
                    $"task_key '{task.TaskKey}' is used by tasks[{keys[task.TaskKey].ToString(CultureInfo.InvariantCulture)}] too: task keys must be unique in a job.");
            }
            Task(task, at, jobClusterKeys);
        }
        for (var i = 0; i < settings.Tasks.Count; i++)
        {
            var task = settings.Tasks[i];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var d = 0; d < task.DependsOn.Count; d++)
            {
                var dependency = task.DependsOn[d].TaskKey;
                var at = Field($"tasks[{i.ToString(CultureInfo.InvariantCulture)}].depends_on[{d.ToString(CultureInfo.InvariantCulture)}].task_key");
                if (!keys.ContainsKey(dependency))
                {
                    throw LakeplaneException.Invalid(at, $"Task '{task.TaskKey}' depends on '{dependency}', which is not a task of this job: name one of {string.Join(", ", keys.Keys)}.");
                }
                if (dependency == task.TaskKey)
                {
                    throw LakeplaneException.Invalid(at, $"Task '{task.TaskKey}' depends on itself: remove that dependency.");
                }
                if (!seen.Add(dependency))
                {
                    throw LakeplaneException.Invalid(at, $"Task '{task.TaskKey}' lists '{dependency}' twice in depends_on.");
                }
            }
        }
        if (TaskGraph.FindCycle(settings.Tasks) is { } cycle)
        {
            var first = keys[cycle[0]];
            throw LakeplaneException.Invalid(Field($"tasks[{first.ToString(CultureInfo.InvariantCulture)}].depends_on"),
                $"The tasks depend on each other in a loop: {string.Join(" -> ", cycle.Append(cycle[0]))}. Remove one of these dependencies.");
        }
    }

    private void Task(JobTask task, string at, HashSet<string> jobClusterKeys)
    {
        var clusterChoices = (task.ExistingClusterId.Length > 0 ? 1 : 0) + (task.NewCluster is not null ? 1 : 0) + (task.JobClusterKey.Length > 0 ? 1 : 0);
        if (clusterChoices != 1)
        {
            throw LakeplaneException.Invalid(at + ".existing_cluster_id",
                $"Task '{task.TaskKey}' {(clusterChoices == 0 ? "names no cluster" : "names more than one cluster")}: give exactly one of existing_cluster_id, new_cluster and job_cluster_key.");
        }
        if (task.JobClusterKey.Length > 0 && !jobClusterKeys.Contains(task.JobClusterKey))
        {
            throw LakeplaneException.Invalid(at + ".job_cluster_key",
                $"Task '{task.TaskKey}' names job_cluster_key '{task.JobClusterKey}', which is not in job_clusters: " +
                (jobClusterKeys.Count == 0 ? "add a job_clusters entry with that key." : $"use one of {string.Join(", ", jobClusterKeys)}."));
        }
        if (task.NewCluster is not null)
        {
            NewCluster(task.NewCluster, at + ".new_cluster");
        }
        var types = (task.CommandTask is not null ? 1 : 0) + (task.SparkPythonTask is not null ? 1 : 0);
        if (types != 1)
        {
            throw LakeplaneException.Invalid(at + ".command_task",
                $"Task '{task.TaskKey}' {(types == 0 ? "has no task type" : "has more than one task type")}: give exactly one of command_task and spark_python_task.");
        }
        if (task.CommandTask is { } command && command.Command.Trim().Length == 0)
        {
            throw LakeplaneException.Invalid(at + ".command_task.command", $"Task '{task.TaskKey}': command is required, the shell command /bin/sh runs on the driver node.");
        }
        if (task.CommandTask is { } withEnv)
        {
            foreach (var name in withEnv.Env.Keys)
            {
                if (!EnvNamePattern().IsMatch(name))
                {
                    throw LakeplaneException.Invalid(at + ".command_task.env", $"Task '{task.TaskKey}': env name '{name}' is not an environment variable name (letters, digits, '_', not starting with a digit).");
                }
            }
        }
        if (task.SparkPythonTask is { } python && !python.PythonFile.StartsWith('/'))
        {
            throw LakeplaneException.Invalid(at + ".spark_python_task.python_file",
                $"Task '{task.TaskKey}': python_file '{python.PythonFile}' is not an absolute workspace path: give one such as /Shared/etl.py.");
        }
        if (task.TimeoutSeconds < 0)
        {
            throw LakeplaneException.Invalid(at + ".timeout_seconds", $"Task '{task.TaskKey}': timeout_seconds must be 0 (no timeout) or positive.");
        }
        if (task.MaxRetries < -1)
        {
            throw LakeplaneException.Invalid(at + ".max_retries", $"Task '{task.TaskKey}': max_retries must be -1 (retry without limit), 0 or positive.");
        }
        if (task.MinRetryIntervalMillis < 0)
        {
            throw LakeplaneException.Invalid(at + ".min_retry_interval_millis", $"Task '{task.TaskKey}': min_retry_interval_millis must be 0 or positive.");
        }
    }

    /// <summary>The cluster spec is checked by the cluster manager's own rules (node types, size, runtime).</summary>
    private void NewCluster(NewCluster? spec, string at)
    {
        if (spec is null)
        {
            throw LakeplaneException.Invalid(at, $"{at} is required: spark_version, node_type_id and num_workers (or autoscale).");
        }
        try
        {
            clusters.Spec(JobClusters.AsClusterSpec(spec, "job cluster"));
        }
        catch (LakeplaneException exception)
        {
            throw new LakeplaneException(exception.Code, exception.Message, exception.Field.Length == 0 ? at : at + "." + exception.Field);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvNamePattern();
}
