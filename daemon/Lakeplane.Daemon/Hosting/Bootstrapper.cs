using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Hosting;

/// <summary>What bootstrapping found or made: the account, and the admin token when it was just created.</summary>
public sealed record BootstrapResult(string AccountId, string? NewAdminToken);

/// <summary>
/// On the first start against an empty store: the account, its admin principal and the admin's
/// token, in one transaction. Later starts (and other replicas) find the installation record and
/// create nothing.
/// </summary>
public sealed class Bootstrapper(IStore store, TimeProvider time)
{
    public const string InstallationId = "default";

    public Task<BootstrapResult> EnsureAsync(CancellationToken cancellationToken) => store.WriteAsync(async transaction =>
    {
        var existing = await transaction.GetAsync(ObjectKinds.Installation, InstallationId, cancellationToken);
        if (existing is not null)
        {
            return new BootstrapResult(InternalRecords.ReadInstallation(existing.Body).AccountId, null);
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var accountId = Guid.NewGuid().ToString();
        var admin = new PrincipalRecord(Guid.NewGuid().ToString(), "admin", "Account admin", PrincipalKinds.AccountAdmin, AccountAdmin: true);
        var tokenValue = TokenSecrets.NewTokenValue();
        var token = new TokenRecord(TokenSecrets.NewTokenId(), admin.PrincipalId, 0, "bootstrap account admin token", now, -1, "lakeplaned");

        await transaction.InsertAsync(ObjectKinds.Installation, InstallationId, accountId, ObjectKinds.AccountScope, "",
            InternalRecords.Serialize(new InstallationRecord(accountId, admin.PrincipalId, now)), cancellationToken);
        await transaction.InsertAsync(ObjectKinds.Account, accountId, accountId, ObjectKinds.AccountScope, "", "{}", cancellationToken);
        await transaction.InsertAsync(ObjectKinds.Principal, admin.PrincipalId, accountId, ObjectKinds.AccountScope, admin.UserName,
            InternalRecords.Serialize(admin), cancellationToken);
        // Only the hash is stored: the value exists in this process, the env file and the operator's terminal.
        await transaction.InsertAsync(ObjectKinds.Token, TokenSecrets.Hash(tokenValue), accountId, ObjectKinds.AccountScope, token.TokenId,
            InternalRecords.Serialize(token), cancellationToken);
        await transaction.AppendAuditAsync(accountId, "lakeplaned (bootstrap)", "account.bootstrap", ObjectKinds.Account, accountId,
            "admin principal " + admin.PrincipalId, cancellationToken);
        return new BootstrapResult(accountId, tokenValue);
    }, cancellationToken);
}
