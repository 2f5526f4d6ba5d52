using Grpc.Core;
using Lakeplane.Daemon.Auth;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.WorkspaceFiles;

/// <summary>The gRPC mapping of the Workspace API: authentication and translation only; the service decides.</summary>
public sealed class WorkspaceObjectsGrpcService(Authenticator authenticator, WorkspaceObjectService workspace) : WorkspaceObjectsService.WorkspaceObjectsServiceBase
{
    public override async Task<WorkspaceObjectInfo> ImportObject(ImportWorkspaceObjectRequest request, ServerCallContext context) =>
        await workspace.ImportAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ExportWorkspaceObjectResponse> ExportObject(ExportWorkspaceObjectRequest request, ServerCallContext context) =>
        await workspace.ExportAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListWorkspaceObjectsResponse> ListObjects(ListWorkspaceObjectsRequest request, ServerCallContext context) =>
        new() { Objects = { await workspace.ListAsync(await CallerAsync(context), request, context.CancellationToken) } };

    public override async Task<WorkspaceObjectInfo> GetObjectStatus(GetWorkspaceObjectStatusRequest request, ServerCallContext context) =>
        await workspace.GetStatusAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteWorkspaceObjectResponse> DeleteObject(DeleteWorkspaceObjectRequest request, ServerCallContext context) =>
        await workspace.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<MkdirsWorkspaceResponse> Mkdirs(MkdirsWorkspaceRequest request, ServerCallContext context) =>
        await workspace.MkdirsAsync(await CallerAsync(context), request, context.CancellationToken);

    private Task<AuthenticatedPrincipal> CallerAsync(ServerCallContext context) =>
        authenticator.AuthenticateAsync(context.GetHttpContext(), context.CancellationToken);
}
