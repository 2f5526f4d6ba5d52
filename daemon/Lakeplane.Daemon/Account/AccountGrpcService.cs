using Grpc.Core;
using Lakeplane.Daemon.Auth;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Account;

/// <summary>The gRPC mapping of the account services: authentication and translation only; the services decide.</summary>
public sealed class AccountGrpcService(
    Authenticator authenticator,
    CredentialsService credentials,
    StorageConfigurationService storageConfigurations,
    NetworkService networks,
    WorkspaceService workspaces,
    AuditService audit) : AccountService.AccountServiceBase
{
    public override async Task<Credentials> CreateCredentials(CreateCredentialsRequest request, ServerCallContext context) =>
        await credentials.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Credentials> GetCredentials(GetCredentialsRequest request, ServerCallContext context) =>
        await credentials.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListCredentialsResponse> ListCredentials(ListCredentialsRequest request, ServerCallContext context) =>
        new() { Credentials = { await credentials.ListAsync(await CallerAsync(context), request, context.CancellationToken) } };

    public override async Task<DeleteResponse> DeleteCredentials(DeleteCredentialsRequest request, ServerCallContext context) =>
        await credentials.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<StorageConfiguration> CreateStorageConfiguration(CreateStorageConfigurationRequest request, ServerCallContext context) =>
        await storageConfigurations.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<StorageConfiguration> GetStorageConfiguration(GetStorageConfigurationRequest request, ServerCallContext context) =>
        await storageConfigurations.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListStorageConfigurationsResponse> ListStorageConfigurations(ListStorageConfigurationsRequest request, ServerCallContext context) =>
        new() { StorageConfigurations = { await storageConfigurations.ListAsync(await CallerAsync(context), request, context.CancellationToken) } };

    public override async Task<DeleteResponse> DeleteStorageConfiguration(DeleteStorageConfigurationRequest request, ServerCallContext context) =>
        await storageConfigurations.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Network> CreateNetwork(CreateNetworkRequest request, ServerCallContext context) =>
        await networks.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Network> GetNetwork(GetNetworkRequest request, ServerCallContext context) =>
        await networks.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListNetworksResponse> ListNetworks(ListNetworksRequest request, ServerCallContext context) =>
        new() { Networks = { await networks.ListAsync(await CallerAsync(context), request, context.CancellationToken) } };

    public override async Task<DeleteResponse> DeleteNetwork(DeleteNetworkRequest request, ServerCallContext context) =>
        await networks.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Workspace> CreateWorkspace(CreateWorkspaceRequest request, ServerCallContext context) =>
        await workspaces.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Workspace> GetWorkspace(GetWorkspaceRequest request, ServerCallContext context) =>
        await workspaces.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListWorkspacesResponse> ListWorkspaces(ListWorkspacesRequest request, ServerCallContext context) =>
        new() { Workspaces = { await workspaces.ListAsync(await CallerAsync(context), request, context.CancellationToken) } };

    public override async Task<Workspace> UpdateWorkspace(UpdateWorkspaceRequest request, ServerCallContext context) =>
        await workspaces.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteResponse> DeleteWorkspace(DeleteWorkspaceRequest request, ServerCallContext context) =>
        await workspaces.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context) =>
        new() { Entries = { await audit.ListAsync(await CallerAsync(context), request, context.CancellationToken) } };

    private Task<AuthenticatedPrincipal> CallerAsync(ServerCallContext context) =>
        authenticator.AuthenticateAsync(context.GetHttpContext(), context.CancellationToken);
}
