using Grpc.Core;
using Lakeplane.Daemon.Auth;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>The gRPC mapping of identity: authentication and translation only.</summary>
public sealed class IdentityGrpcService(Authenticator authenticator, TokenService tokens) : IdentityService.IdentityServiceBase
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

    private Task<AuthenticatedPrincipal> CallerAsync(ServerCallContext context) =>
        authenticator.AuthenticateAsync(context.GetHttpContext(), context.CancellationToken);
}
