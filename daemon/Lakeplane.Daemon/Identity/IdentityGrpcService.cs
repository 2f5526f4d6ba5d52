using Grpc.Core;
using Lakeplane.Daemon.Auth;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>The gRPC mapping of identity: authentication and translation only.</summary>
public sealed class IdentityGrpcService(
    Authenticator authenticator,
    TokenService tokens,
    UserService users,
    GroupService groups,
    ServicePrincipalService servicePrincipals) : IdentityService.IdentityServiceBase
{
    public override async Task<Protos.V1.Principal> GetCurrentPrincipal(GetCurrentPrincipalRequest request, ServerCallContext context) =>
        PrincipalService.Describe(await CallerAsync(context));

    public override async Task<CreateTokenResponse> CreateToken(CreateTokenRequest request, ServerCallContext context) =>
        await tokens.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<TokenInfo> GetToken(GetTokenRequest request, ServerCallContext context) =>
        await tokens.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListTokensResponse> ListTokens(ListTokensRequest request, ServerCallContext context) =>
        new() { TokenInfos = { await tokens.ListAsync(await CallerAsync(context), request, context.CancellationToken) } };

    public override async Task<DeleteTokenResponse> DeleteToken(DeleteTokenRequest request, ServerCallContext context) =>
        await tokens.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<CreateTokenResponse> CreateTokenOnBehalfOf(CreateTokenOnBehalfOfRequest request, ServerCallContext context) =>
        await tokens.CreateOnBehalfOfAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<User> CreateUser(CreateUserRequest request, ServerCallContext context) =>
        await users.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<User> GetUser(GetUserRequest request, ServerCallContext context) =>
        await users.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListUsersResponse> ListUsers(ListUsersRequest request, ServerCallContext context) =>
        await users.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<User> UpdateUser(UpdateUserRequest request, ServerCallContext context) =>
        await users.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteIdentityResponse> DeleteUser(DeleteUserRequest request, ServerCallContext context) =>
        await users.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Group> CreateGroup(CreateGroupRequest request, ServerCallContext context) =>
        await groups.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Group> GetGroup(GetGroupRequest request, ServerCallContext context) =>
        await groups.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListGroupsResponse> ListGroups(ListGroupsRequest request, ServerCallContext context) =>
        await groups.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Group> UpdateGroup(UpdateGroupRequest request, ServerCallContext context) =>
        await groups.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteIdentityResponse> DeleteGroup(DeleteGroupRequest request, ServerCallContext context) =>
        await groups.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Group> AddGroupMember(GroupMembershipRequest request, ServerCallContext context) =>
        await groups.AddMemberAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<Group> RemoveGroupMember(GroupMembershipRequest request, ServerCallContext context) =>
        await groups.RemoveMemberAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ServicePrincipal> CreateServicePrincipal(CreateServicePrincipalRequest request, ServerCallContext context) =>
        await servicePrincipals.CreateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ServicePrincipal> GetServicePrincipal(GetServicePrincipalRequest request, ServerCallContext context) =>
        await servicePrincipals.GetAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ListServicePrincipalsResponse> ListServicePrincipals(ListServicePrincipalsRequest request, ServerCallContext context) =>
        await servicePrincipals.ListAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<ServicePrincipal> UpdateServicePrincipal(UpdateServicePrincipalRequest request, ServerCallContext context) =>
        await servicePrincipals.UpdateAsync(await CallerAsync(context), request, context.CancellationToken);

    public override async Task<DeleteIdentityResponse> DeleteServicePrincipal(DeleteServicePrincipalRequest request, ServerCallContext context) =>
        await servicePrincipals.DeleteAsync(await CallerAsync(context), request, context.CancellationToken);

    private Task<AuthenticatedPrincipal> CallerAsync(ServerCallContext context) =>
        authenticator.AuthenticateAsync(context.GetHttpContext(), context.CancellationToken);
}
