using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;
using Lakeplane.Resources.Resources.Jobs;

namespace Lakeplane.Resources.DataSources;

/// <summary>
/// data "lakeplane_job" (databricks_job data source): one job of a workspace, found by job_id or by name. Its settings
/// are flat (name, schedule fields, task keys) rather than Databricks' job_settings block, so an expression reads a
/// lookup as it reads the resource.
/// </summary>
public sealed class JobDataSource : DataSourceDefinition
{
    public override string Name => "job";

    public override ObjectSchema Schema { get; } = new()
    {
        Description = "Looks up a job of a workspace by `job_id` or `name` (exactly one). A name shared by several jobs is an error: look those up by id.",
        Attributes =
        [
            Attr.Number("workspace_id").Required().Describe("Id of the workspace the job is in."),
            Attr.String("job_id").Optional().Computed().Describe("Id of the job to look up."),
            Attr.String("name").Optional().Computed().Describe("Name of the job to look up."),
            Attr.String("creator_user_name").Computed(),
            Attr.Number("max_concurrent_runs").Computed(),
            Attr.MapOf(TypeSpec.String, "tags").Computed(),
            Attr.ListOf(TypeSpec.String, "task_keys").Computed().Describe("The task keys, in the job's order."),
            Attr.String("quartz_cron_expression").Computed().Describe("The schedule's expression; null without a schedule."),
            Attr.String("timezone_id").Computed(),
            Attr.String("pause_status").Computed(),
        ],
    };

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        if (config["job_id"].IsNull == config["name"].IsNull && !config["job_id"].IsUnknown && !config["name"].IsUnknown)
        {
            diagnostics.AddError("Job lookup", "Set exactly one of \"job_id\" or \"name\" to say which job to read.", AttributePath.Of("name"));
        }
    }

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var workspaceId = config.RequiredLong("workspace_id");
        Job job;
        if (config.OptionalString("job_id") is { } text)
        {
            if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var jobId))
            {
                throw new ResourceException(Diagnostic.Error("Invalid job_id", $"job_id \"{text}\" is not a job id (a number).", AttributePath.Of("job_id")));
            }
            job = await JobResource.GetAsync(context, workspaceId, jobId, cancellationToken)
                  ?? throw new ResourceException(Diagnostic.Error("Job not found", $"Workspace {workspaceId} has no job {text}.", AttributePath.Of("job_id")));
        }
        else
        {
            var name = config.RequiredString("name");
            var request = new ListJobsRequest { AccountId = context.Client.AccountId, WorkspaceId = workspaceId, Name = name, Limit = 100 };
            var matches = (await DaemonCalls.WithRetriesAsync(options => context.Client.Jobs.ListJobsAsync(request, options).ResponseAsync, cancellationToken)).Jobs;
            job = matches.Count switch
            {
                1 => await JobResource.GetAsync(context, workspaceId, matches[0].JobId, cancellationToken)
                     ?? throw new ResourceException(Diagnostic.Error("Job not found", $"Job \"{name}\" was deleted while being read.", AttributePath.Of("name"))),
                0 => throw new ResourceException(Diagnostic.Error("Job not found", $"Workspace {workspaceId} has no job named \"{name}\".", AttributePath.Of("name"))),
                _ => throw new ResourceException(Diagnostic.Error("Ambiguous job name",
                    $"{matches.Count} jobs of workspace {workspaceId} are named \"{name}\" ({string.Join(", ", matches.Select(j => j.JobId))}); look it up by job_id instead.", AttributePath.Of("name"))),
            };
        }
        var schedule = job.Settings.Schedule;
        return new ObjectValue(new Dictionary<string, Value>
        {
            ["workspace_id"] = Value.Of(workspaceId),
            ["job_id"] = Value.Of(job.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["name"] = Value.Of(job.Settings.Name),
            ["creator_user_name"] = Value.Of(job.CreatorUserName),
            ["max_concurrent_runs"] = Value.Of(job.Settings.MaxConcurrentRuns),
            ["tags"] = StateValues.StringMap(job.Settings.Tags),
            ["task_keys"] = new CollectionValue(job.Settings.Tasks.Select(t => (Value)Value.Of(t.TaskKey)).ToArray()),
            ["quartz_cron_expression"] = schedule is null ? Value.Null : Value.Of(schedule.QuartzCronExpression),
            ["timezone_id"] = schedule is null ? Value.Null : Value.Of(schedule.TimezoneId),
            ["pause_status"] = schedule is null ? Value.Null : Value.Of(schedule.PauseStatus),
        });
    }
}
