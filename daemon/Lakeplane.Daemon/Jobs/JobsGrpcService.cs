using Grpc.Core;
using Lakeplane.Daemon.Auth;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Jobs;

/// <summary>The jobs API over gRPC: translation only; the service decides.</summary>
public sealed class JobsGrpcService(JobService jobs, Authenticator authenticator) : JobsService.JobsServiceBase
{
    public override async Task<CreateJobResponse> CreateJob(CreateJobRequest request, ServerCallContext context) =>
        await jobs.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Job> GetJob(GetJobRequest request, ServerCallContext context) =>
        await jobs.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListJobsResponse> ListJobs(ListJobsRequest request, ServerCallContext context) =>
        await jobs.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Job> ResetJob(ResetJobRequest request, ServerCallContext context) =>
        await jobs.ResetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Job> UpdateJob(UpdateJobRequest request, ServerCallContext context) =>
        await jobs.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteJobResponse> DeleteJob(DeleteJobRequest request, ServerCallContext context) =>
        await jobs.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<RunNowResponse> RunNow(RunNowRequest request, ServerCallContext context) =>
        await jobs.RunNowAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Run> GetRun(GetRunRequest request, ServerCallContext context) =>
        await jobs.GetRunAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListRunsResponse> ListRuns(ListRunsRequest request, ServerCallContext context) =>
        await jobs.ListRunsAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<CancelRunResponse> CancelRun(CancelRunRequest request, ServerCallContext context) =>
        await jobs.CancelRunAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<GetRunOutputResponse> GetRunOutput(GetRunOutputRequest request, ServerCallContext context) =>
        await jobs.GetRunOutputAsync(await CallerAsync(context), request, context.CancellationToken);

    private Task<AuthenticatedPrincipal> CallerAsync(ServerCallContext context) => authenticator.AuthenticateAsync(context.GetHttpContext(), context.CancellationToken);
}
