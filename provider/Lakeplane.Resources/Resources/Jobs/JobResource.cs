using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources.Jobs;

/// <summary>
/// lakeplane_job (databricks_job): a multi-task job of a workspace, with `task` blocks (a DAG by `depends_on`),
/// `job_cluster` blocks, a Quartz `schedule`, as the jobs API 2.1 takes them. Every change is a jobs/reset with the
/// whole configuration; only workspace_id replaces it. Tasks and job clusters are kept in the order written, and
/// defaults (max_concurrent_runs 1, timezone UTC, UNPAUSED, no retries) are planned, so a plan after apply is empty.
/// </summary>
public sealed partial class JobResource : ResourceDefinition
{
    public override string Name => "job";

    public override string IdAttribute => "job_id";

    internal static BlockSchema NewClusterBlock(string description) => new()
    {
        Name = "new_cluster",
        Nesting = BlockNesting.Single,
        Description = description,
        Object = new ObjectSchema
        {
            Attributes =
            [
                Attr.String("spark_version").Required().Describe("Runtime, e.g. `15.4.x-scala2.12`: an `id` of the `lakeplane_spark_versions` data source."),
                Attr.String("node_type_id").Required().Describe("Node type of the workers (and of the driver unless `driver_node_type_id` is set)."),
                Attr.String("driver_node_type_id").Optional().Describe("Node type of the driver; `node_type_id` when unset."),
                Attr.Number("num_workers").Optional().Validate(new NumberRangeValidator(0, 100_000)).Describe("Workers besides the driver; 0 when unset. Conflicts with `autoscale`."),
                Attr.MapOf(TypeSpec.String, "custom_tags").Optional().Describe("Tags for the cluster's compute."),
                Attr.MapOf(TypeSpec.String, "spark_conf").Optional().Describe("Spark configuration properties."),
                Attr.MapOf(TypeSpec.String, "spark_env_vars").Optional().Validate(new EnvironmentVariablesValidator("LAKEPLANE_")).Describe("Environment variables of the cluster's processes."),
            ],
            Blocks =
            [
                new BlockSchema
                {
                    Name = "autoscale",
                    Nesting = BlockNesting.Single,
                    Description = "Autoscaling bounds; conflicts with `num_workers`.",
                    Object = new ObjectSchema
                    {
                        Attributes =
                        [
                            Attr.Number("min_workers").Required().Validate(new NumberRangeValidator(0, 100_000)).Describe("The fewest workers."),
                            Attr.Number("max_workers").Required().Validate(new NumberRangeValidator(1, 100_000)).Describe("The most workers."),
                        ],
                    },
                },
            ],
        },
    };

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description =
            "A job of a workspace, with the arguments of Databricks' `databricks_job` (jobs API 2.1): `task` blocks that form a DAG through " +
            "`depends_on`, each running on an existing cluster, a `job_cluster` created for the run, or its own `new_cluster`; a Quartz cron " +
            "`schedule` with a time zone; `max_concurrent_runs` (a run over it is skipped and recorded). Task types are `command_task` " +
            "(a shell command on the cluster's driver node, a Lakeplane extension) and `spark_python_task` (a workspace file run by python3). " +
            "Every change updates the job in place (the whole configuration is sent, as jobs/reset does); `workspace_id` replaces it. " +
            "Runs are not resources: start one with the jobs API's run-now.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().RequiresReplace("A job belongs to its workspace; another workspace means another job.")
                .Describe("Id of the workspace the job runs in."),
            Attr.String("name").Optional().Validate(Validators.LengthBetween(1, 4096)).Describe("Name of the job (need not be unique)."),
            Attr.Number("max_concurrent_runs").Optional().Computed().Default(Value.Of(1L)).Validate(new NumberRangeValidator(1, 1000))
                .Describe("How many runs may be active at once; a run started or scheduled over it is recorded as SKIPPED. 1 when unset."),
            Attr.Number("timeout_seconds").Optional().Computed().Default(Value.Of(0L)).Validate(new NumberRangeValidator(0, int.MaxValue))
                .Describe("A run still active after this many seconds is stopped as TIMEDOUT; 0 (the default) never."),
            Attr.MapOf(TypeSpec.String, "tags").Optional().Describe("Tags of the job."),
            Attr.String("job_id").Computed().UseStateForUnknown().Describe("Id of the job (a number, as a string); what import takes."),
            Attr.String("creator_user_name").Computed().UseStateForUnknown().Describe("Who created the job."),
        ],
        Blocks =
        [
            new BlockSchema
            {
                Name = "schedule",
                Nesting = BlockNesting.Single,
                Description = "When the job runs by itself.",
                Object = new ObjectSchema
                {
                    Attributes =
                    [
                        Attr.String("quartz_cron_expression").Required()
                            .Describe("A Quartz cron expression: seconds minutes hours day-of-month month day-of-week [year], e.g. `0 30 2 * * ?` (02:30 every day)."),
                        Attr.String("timezone_id").Optional().Computed().Default(Value.Of("UTC"))
                            .Describe("Time zone the expression is read in, an IANA/Java id such as `Europe/Amsterdam`; `UTC` when unset."),
                        Attr.String("pause_status").Optional().Computed().Default(Value.Of("UNPAUSED")).Validate(Validators.OneOf("PAUSED", "UNPAUSED"))
                            .Describe("`PAUSED` keeps the schedule without firing it; `UNPAUSED` when unset."),
                    ],
                },
            },
            new BlockSchema
            {
                Name = "job_cluster",
                Nesting = BlockNesting.List,
                Description = "A cluster created for each run, shared by the run's tasks that name its `job_cluster_key`, terminated and then deleted after the run (it does not stay in clusters/list).",
                Object = new ObjectSchema
                {
                    Attributes = [Attr.String("job_cluster_key").Required().Validate(Validators.Matches(KeyPattern(), "1 to 100 letters, digits, '-' and '_'")).Describe("Name tasks use to pick this cluster.")],
                    Blocks = [NewClusterBlock("The spec of the cluster created for each run.") with { MinItems = 1, MaxItems = 1 }],
                },
            },
            new BlockSchema
            {
                Name = "task",
                Nesting = BlockNesting.List,
                MinItems = 1,
                Description = "A task of the job. A task starts once every task it `depends_on` has succeeded; when one fails, its dependents are skipped (UPSTREAM_FAILED).",
                Object = new ObjectSchema
                {
                    Attributes =
                    [
                        Attr.String("task_key").Required().Validate(Validators.Matches(KeyPattern(), "1 to 100 letters, digits, '-' and '_'")).Describe("Name of the task, unique in the job."),
                        Attr.String("description").Optional().Describe("What the task does."),
                        Attr.String("existing_cluster_id").Optional().Describe("Run on this all-purpose cluster (started if terminated). Exactly one of `existing_cluster_id`, `job_cluster_key` and `new_cluster`."),
                        Attr.String("job_cluster_key").Optional().Describe("Run on the run's job cluster of this key (a `job_cluster` block)."),
                        Attr.Number("timeout_seconds").Optional().Computed().Default(Value.Of(0L)).Validate(new NumberRangeValidator(0, int.MaxValue))
                            .Describe("Kill the task's processes after this many seconds (TIMEDOUT); 0, the default, never."),
                        Attr.Number("max_retries").Optional().Computed().Default(Value.Of(0L)).Validate(new NumberRangeValidator(-1, 1_000_000))
                            .Describe("Retries of a failed attempt; -1 retries without limit; 0, the default, none."),
                        Attr.Number("min_retry_interval_millis").Optional().Computed().Default(Value.Of(0L)).Validate(new NumberRangeValidator(0, int.MaxValue))
                            .Describe("Wait at least this long between a failed attempt and its retry."),
                        Attr.Bool("retry_on_timeout").Optional().Computed().Default(Value.Of(false)).Describe("Whether a timed-out attempt is retried too."),
                    ],
                    Blocks =
                    [
                        new BlockSchema
                        {
                            Name = "depends_on",
                            Nesting = BlockNesting.List,
                            Description = "A task that must succeed before this one starts.",
                            Object = new ObjectSchema { Attributes = [Attr.String("task_key").Required().Describe("`task_key` of the task depended on.")] },
                        },
                        NewClusterBlock("A cluster created for this task alone, for each run."),
                        new BlockSchema
                        {
                            Name = "command_task",
                            Nesting = BlockNesting.Single,
                            Description = "Runs `command` with /bin/sh on the cluster's driver node (a Lakeplane task type).",
                            Object = new ObjectSchema
                            {
                                Attributes =
                                [
                                    Attr.String("command").Required().Describe("The shell command; `parameters` are its `$1`, `$2`, ..."),
                                    Attr.ListOf(TypeSpec.String, "parameters").Optional().Describe("Arguments of the command."),
                                    Attr.MapOf(TypeSpec.String, "env").Optional().Describe("Environment variables added for the command."),
                                ],
                            },
                        },
                        new BlockSchema
                        {
                            Name = "spark_python_task",
                            Nesting = BlockNesting.Single,
                            Description = "Runs a workspace file with the driver node's python3.",
                            Object = new ObjectSchema
                            {
                                Attributes =
                                [
                                    Attr.String("python_file").Required().Describe("Absolute workspace path of the file, e.g. `/Shared/etl.py` (a `lakeplane_workspace_file`)."),
                                    Attr.ListOf(TypeSpec.String, "parameters").Optional().Describe("Arguments of the script (`sys.argv[1:]`)."),
                                ],
                            },
                        },
                    ],
                },
            },
        ],
    });

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex KeyPattern();

    /// <summary>What the daemon would refuse, said at plan time with the attribute path: keys, dependencies, cycles, clusters, types.</summary>
    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        var tasks = JobValues.Items(config, "task");
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var clusterKeys = JobValues.Items(config, "job_cluster").Select(c => c.OptionalString("job_cluster_key")).OfType<string>().ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            var at = AttributePath.Of("task").Index(i);
            if (task["task_key"] is StringValue { Value: var key })
            {
                if (!keys.TryAdd(key, i))
                {
                    diagnostics.AddError("Duplicate task_key", $"task_key \"{key}\" is used by task {keys[key].ToString(CultureInfo.InvariantCulture)} too: task keys must be unique in a job.", at.Attribute("task_key"));
                }
            }
            string[] clusterChoices = ["existing_cluster_id", "job_cluster_key", "new_cluster"];
            var clusters = clusterChoices.Count(name => !task[name].IsNull);
            if (clusterChoices.All(name => !task[name].IsUnknown) && clusters != 1)
            {
                diagnostics.AddError("Task cluster", $"Set exactly one of existing_cluster_id, job_cluster_key and new_cluster in task {i.ToString(CultureInfo.InvariantCulture)}.", at.Attribute("existing_cluster_id"));
            }
            if (task["job_cluster_key"] is StringValue { Value: var clusterKey } && !clusterKeys.Contains(clusterKey))
            {
                diagnostics.AddError("Unknown job_cluster_key", $"No job_cluster block has job_cluster_key \"{clusterKey}\": add one, or use existing_cluster_id.", at.Attribute("job_cluster_key"));
            }
            var types = new[] { "command_task", "spark_python_task" }.Count(name => !task[name].IsNull);
            if (types != 1)
            {
                diagnostics.AddError("Task type", $"Give task {i.ToString(CultureInfo.InvariantCulture)} exactly one of a command_task or a spark_python_task block.", at);
            }
        }
        for (var i = 0; i < tasks.Count; i++)
        {
            var dependencies = JobValues.Items(tasks[i], "depends_on");
            for (var d = 0; d < dependencies.Count; d++)
            {
                if (dependencies[d]["task_key"] is StringValue { Value: var needed } && !keys.ContainsKey(needed))
                {
                    diagnostics.AddError("Unknown dependency", $"depends_on names task_key \"{needed}\", which no task of this job has.",
                        AttributePath.Of("task").Index(i).Attribute("depends_on").Index(d).Attribute("task_key"));
                }
            }
        }
    }

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = planned.RequiredLong("workspace_id");
        var request = new CreateJobRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId, Settings = JobValues.Settings(planned), RequestId = DaemonCalls.NewRequestId() };
        var created = await CallAsync("create job", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Jobs.CreateJobAsync(request, options).ResponseAsync, cancellationToken));
        var job = await GetAsync(context, workspaceId, created.JobId, cancellationToken) ?? throw Gone(created.JobId);
        context.Log($"lakeplane_job {job.JobId}: created in workspace {workspaceId}");
        return JobValues.ToState(job, planned);
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var job = await GetAsync(context, state.RequiredLong("workspace_id"), JobId(state), cancellationToken);
        return job is null ? null : JobValues.ToState(job, state);
    }

    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        var workspaceId = prior.RequiredLong("workspace_id");
        var jobId = JobId(prior);
        var request = new ResetJobRequest
        {
            AccountId = context.Client.AccountId, WorkspaceId = workspaceId, JobId = jobId, NewSettings = JobValues.Settings(planned), RequestId = DaemonCalls.NewRequestId(),
        };
        var job = await CallAsync("update job", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Jobs.ResetJobAsync(request, options).ResponseAsync, cancellationToken));
        return JobValues.ToState(job, planned);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteJobRequest
        {
            AccountId = context.Client.AccountId, WorkspaceId = state.RequiredLong("workspace_id"), JobId = JobId(state), RequestId = DaemonCalls.NewRequestId(),
        };
        return CallAsync("delete job", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Jobs.DeleteJobAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    /// <summary>By "&lt;workspace_id&gt;/&lt;job_id&gt;", or by the job id alone: then every workspace of the account is searched.</summary>
    public override async Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var parts = id.Trim().Split('/');
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var jobId))
        {
            var found = await GetAsync(context, workspaceId, jobId, cancellationToken);
            return found is null ? null : JobValues.ToState(found, prior: null);
        }
        if (parts.Length != 1 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var bareId))
        {
            throw new ResourceException(Diagnostic.Error(
                "Invalid import id", "A job is imported by its job_id, such as 59965744496091, or as \"<workspace_id>/<job_id>\"."));
        }
        var workspaces = await DaemonCalls.WithRetriesAsync(options =>
            context.Client.Account.ListWorkspacesAsync(new ListWorkspacesRequest { AccountId = context.Client.AccountId }, options).ResponseAsync, cancellationToken);
        foreach (var workspace in workspaces.Workspaces)
        {
            if (await GetAsync(context, workspace.WorkspaceId, bareId, cancellationToken) is { } job)
            {
                return JobValues.ToState(job, prior: null);
            }
        }
        return null;
    }

    internal static Task<Job?> GetAsync(ResourceContext context, long workspaceId, long jobId, CancellationToken cancellationToken)
    {
        var request = new GetJobRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId, JobId = jobId };
        return DaemonCalls.GetOrNullAsync(options => context.Client.Jobs.GetJobAsync(request, options).ResponseAsync, cancellationToken);
    }

    private static long JobId(ObjectValue state) => long.Parse(state.RequiredString("job_id"), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>A daemon refusal as a diagnostic on the attribute it names: tasks[1].depends_on[0].task_key → task[1].depends_on[0].task_key.</summary>
    private async Task<T> CallAsync<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode is not StatusCode.Cancelled)
        {
            var generic = DaemonErrors.ToException(Schema.Root, action, e);
            var field = LakeplaneError.Decode(e).Field;
            var path = PathOf(field);
            throw path is null ? generic : new ResourceException(generic.Diagnostic with { Path = path });
        }
    }

    internal static AttributePath? PathOf(string field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return null;
        }
        AttributePath? path = null;
        foreach (var part in field.Replace("new_settings.", "", StringComparison.Ordinal).Split('.'))
        {
            var match = FieldPart().Match(part);
            if (!match.Success)
            {
                return path;
            }
            var name = match.Groups[1].Value switch { "tasks" => "task", "job_clusters" => "job_cluster", var other => other };
            path = path is null ? AttributePath.Of(name) : path.Attribute(name);
            if (match.Groups[2].Success)
            {
                path = path.Index(long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
            }
        }
        return path;
    }

    [GeneratedRegex(@"^([a-z_]+)(?:\[(\d+)\])?$")]
    private static partial Regex FieldPart();

    private static ResourceException Gone(long jobId) => new(Diagnostic.Error("Job disappeared", $"Job {jobId} was deleted by someone else right after it was created."));
}
