using System.Globalization;
using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// Workspace tokens: issued to the caller for one workspace, shown once, stored as a hash.
/// A token's holder may list and revoke the tokens it issued in its workspace; an account admin all of them.
/// </summary>
public sealed class TokenService(IStore store, MutationRunner mutations, TimeProvider time)
{
    private const string Kind = ObjectKinds.Token;
    private const int MaxCommentLength = 1000;

    public Task<CreateTokenResponse> CreateAsync(AuthenticatedPrincipal principal, CreateTokenRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        ValidateLifetimeAndComment(request.LifetimeSeconds, request.Comment);
        return MintAsync(principal, accountId, new Mutation(principal, accountId, "token.create", request.RequestId, request), request.WorkspaceId,
            request.Comment, request.LifetimeSeconds, (_, _) => Task.FromResult(principal.PrincipalId), cancellationToken);
    }

    /// <summary>
    /// An account admin issues a token owned by a service principal (application_id) or, as Lakeplane's extension for want
    /// of interactive sign-in, by a user (user_name). Calls with it run as that principal, with its privileges only.
    /// </summary>
    public Task<CreateTokenResponse> CreateOnBehalfOfAsync(AuthenticatedPrincipal principal, CreateTokenOnBehalfOfRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        Authorization.RequireIdentityAdmin(principal, accountId);
        if ((request.ApplicationId.Length > 0) == (request.UserName.Length > 0))
        {
            throw LakeplaneException.Invalid("application_id",
                "Name the token's owner with exactly one of application_id (a service principal) or user_name (a user, Lakeplane's extension).");
        }
        ValidateLifetimeAndComment(request.LifetimeSeconds, request.Comment);
        var servicePrincipal = request.ApplicationId.Length > 0;
        var (field, name) = servicePrincipal ? ("application_id", request.ApplicationId) : ("user_name", request.UserName);
        return MintAsync(principal, accountId, new Mutation(principal, accountId, "token.create_on_behalf_of", request.RequestId, request), request.WorkspaceId,
            request.Comment, request.LifetimeSeconds, async (transaction, ct) =>
            {
                var row = await transaction.FindByNameAsync(ObjectKinds.Principal, accountId, ObjectKinds.AccountScope, name, ct);
                var owner = row is null ? null : InternalRecords.ReadPrincipal(row.Body);
                if (owner is null || (owner.Kind == PrincipalKinds.ServicePrincipal) != servicePrincipal)
                {
                    throw LakeplaneException.NotFound(field,
                        $"No {(servicePrincipal ? "service principal" : "user")} with {field} '{name}' in this account: create it first, or check the {field}.");
                }
                if (!owner.Active)
                {
                    throw LakeplaneException.Invalid(field, $"{field} '{name}' names a deactivated principal: set it active before issuing it a token.");
                }
                return owner.PrincipalId;
            }, cancellationToken);
    }

    private static void ValidateLifetimeAndComment(long lifetimeSeconds, string comment)
    {
        if (lifetimeSeconds < 0)
        {
            throw LakeplaneException.Invalid("lifetime_seconds", "lifetime_seconds must be positive, or 0 (or absent) for a token that does not expire.");
        }
        if (comment.Length > MaxCommentLength)
        {
            throw LakeplaneException.Invalid("comment", $"comment is longer than {MaxCommentLength} characters: shorten it.");
        }
    }

    /// <param name="ownerOf">Finds, inside the transaction, the principal the token will belong to.</param>
    private async Task<CreateTokenResponse> MintAsync(AuthenticatedPrincipal principal, string accountId, Mutation mutation, long workspaceId, string comment,
        long lifetimeSeconds, Func<IStoreTransaction, CancellationToken, Task<string>> ownerOf, CancellationToken cancellationToken)
    {
        var tokenValue = TokenSecrets.NewTokenValue();
        // Which token this call's own work created: the work may run more than once, and a retry may answer instead.
        string? mintedTokenId = null;
        var response = await mutations.RunAsync(mutation, async transaction =>
        {
            await WorkspaceService.GetRowAsync(transaction, accountId, workspaceId, cancellationToken);
            var ownerId = await ownerOf(transaction, cancellationToken);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var token = new TokenRecord(
                TokenSecrets.NewTokenId(),
                ownerId,
                workspaceId,
                comment,
                now,
                lifetimeSeconds == 0 ? -1 : now + lifetimeSeconds * 1000,
                principal.UserName);
            await transaction.InsertAsync(Kind, TokenSecrets.Hash(tokenValue), accountId, ObjectKinds.WorkspaceScope(workspaceId), token.TokenId,
                InternalRecords.Serialize(token), cancellationToken);
            mintedTokenId = token.TokenId;
            // The answer kept for retries leaves the value out: the store holds no token in clear.
            var details = "workspace_id=" + workspaceId.ToString(CultureInfo.InvariantCulture) + (ownerId == principal.PrincipalId ? "" : "; owner=" + ownerId);
            return new MutationOutcome<CreateTokenResponse>(new CreateTokenResponse { TokenInfo = ToInfo(token) }, Kind, token.TokenId, details);
        }, cancellationToken);
        if (mintedTokenId == response.TokenInfo.TokenId)
        {
            response.TokenValue = tokenValue;
            return response;
        }
        // A retry of a create whose answer was lost: the value was never seen by anyone (the store can't give it back, it
        // has only its hash), so the same token gets a new value, and the lost one stops working.
        return await ReissueAsync(principal, accountId, response, tokenValue, cancellationToken);
    }

    public Task<TokenInfo> GetAsync(AuthenticatedPrincipal principal, GetTokenRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return store.ReadAsync(async reader => ToInfo(await GetVisibleAsync(reader, principal, accountId, request.WorkspaceId, request.TokenId, cancellationToken)), cancellationToken);
    }

    public Task<IReadOnlyList<TokenInfo>> ListAsync(AuthenticatedPrincipal principal, ListTokensRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return store.ReadAsync<IReadOnlyList<TokenInfo>>(async reader =>
        {
            await WorkspaceService.GetRowAsync(reader, accountId, request.WorkspaceId, cancellationToken);
            var rows = await reader.ListAsync(Kind, accountId, ObjectKinds.WorkspaceScope(request.WorkspaceId), cancellationToken: cancellationToken);
            return rows.Select(row => InternalRecords.ReadToken(row.Body)).Where(token => MaySee(principal, token)).Select(ToInfo).ToList();
        }, cancellationToken);
    }

    public Task<DeleteTokenResponse> DeleteAsync(AuthenticatedPrincipal principal, DeleteTokenRequest request, CancellationToken cancellationToken)
    {
        var accountId = Authorization.RequireWorkspaceAccess(principal, request.AccountId, request.WorkspaceId);
        return mutations.RunAsync(new Mutation(principal, accountId, "token.delete", request.RequestId, request), async transaction =>
        {
            var row = await FindVisibleRowAsync(transaction, principal, accountId, request.WorkspaceId, request.TokenId, cancellationToken);
            await transaction.DeleteAsync(Kind, row.Id, row.Version, cancellationToken);
            return new MutationOutcome<DeleteTokenResponse>(new DeleteTokenResponse(), Kind, request.TokenId,
                "workspace_id=" + request.WorkspaceId.ToString(CultureInfo.InvariantCulture));
        }, cancellationToken);
    }

    private Task<CreateTokenResponse> ReissueAsync(AuthenticatedPrincipal principal, string accountId, CreateTokenResponse first, string newValue, CancellationToken cancellationToken) =>
        store.WriteAsync(async transaction =>
        {
            var info = first.TokenInfo;
            var row = await transaction.FindByNameAsync(Kind, accountId, ObjectKinds.WorkspaceScope(info.WorkspaceId), info.TokenId, cancellationToken);
            if (row is null)
            {
                // Deleted since: the retry answers what the first call answered, without a value to use.
                return first;
            }
            await transaction.DeleteAsync(Kind, row.Id, row.Version, cancellationToken);
            await transaction.InsertAsync(Kind, TokenSecrets.Hash(newValue), accountId, row.Scope, row.Name, row.Body, cancellationToken);
            await transaction.AppendAuditAsync(accountId, principal.AuditName, "token.reissue", Kind, info.TokenId,
                "value of a create retried with its request_id", cancellationToken);
            return new CreateTokenResponse { TokenInfo = info, TokenValue = newValue };
        }, cancellationToken);

    private static async Task<TokenRecord> GetVisibleAsync(IStoreReader reader, AuthenticatedPrincipal principal, string accountId, long workspaceId, string tokenId, CancellationToken cancellationToken) =>
        InternalRecords.ReadToken((await FindVisibleRowAsync(reader, principal, accountId, workspaceId, tokenId, cancellationToken)).Body);

    private static async Task<StoredObject> FindVisibleRowAsync(IStoreReader reader, AuthenticatedPrincipal principal, string accountId, long workspaceId, string tokenId, CancellationToken cancellationToken)
    {
        AccountValidation.RequiredId("token_id", tokenId);
        var row = await reader.FindByNameAsync(Kind, accountId, ObjectKinds.WorkspaceScope(workspaceId), tokenId, cancellationToken);
        if (row is null || !MaySee(principal, InternalRecords.ReadToken(row.Body)))
        {
            throw LakeplaneException.NotFound("token_id", $"No token with token_id '{tokenId}' in this workspace: list the tokens to find its id.");
        }
        return row;
    }

    private static bool MaySee(AuthenticatedPrincipal principal, TokenRecord token) =>
        principal.MayAdministerAccount || token.PrincipalId == principal.PrincipalId;

    private static TokenInfo ToInfo(TokenRecord token) => new()
    {
        TokenId = token.TokenId,
        Comment = token.Comment,
        CreationTime = token.CreationTime,
        ExpiryTime = token.ExpiryTime,
        WorkspaceId = token.WorkspaceId,
        CreatedBy = token.CreatedBy,
    };
}
