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

    /// <param name="saveSecret">Called with the new account id and admin token before they are committed: once the store
    /// holds only the token's hash, the value must already be where the operator can read it, or a crash right after the
    /// commit would lock everyone out.</param>
    public async Task<BootstrapResult> EnsureAsync(Func<string, string, Task> saveSecret, CancellationToken cancellationToken)
    {
        var existing = await store.ReadAsync(reader => reader.GetAsync(ObjectKinds.Installation, InstallationId, cancellationToken), cancellationToken);
        if (existing is not null)
        {
            return new BootstrapResult(InternalRecords.ReadInstallation(existing.Body).AccountId, null);
        }
        var accountId = Guid.NewGuid().ToString();
        var tokenValue = TokenSecrets.NewTokenValue();
        await saveSecret(accountId, tokenValue);
        return await store.WriteAsync(transaction => CreateAsync(transaction, accountId, tokenValue, cancellationToken), cancellationToken);
    }

    private async Task<BootstrapResult> CreateAsync(IStoreTransaction transaction, string accountId, string tokenValue, CancellationToken cancellationToken)
    {
        // Another replica may have bootstrapped the same store meanwhile: then its account stands and ours is dropped.
        var existing = await transaction.GetAsync(ObjectKinds.Installation, InstallationId, cancellationToken);
        if (existing is not null)
        {
            return new BootstrapResult(InternalRecords.ReadInstallation(existing.Body).AccountId, null);
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var admin = new PrincipalRecord(Guid.NewGuid().ToString(), "admin", "Account admin", PrincipalKinds.AccountAdmin, AccountAdmin: true);
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
    }
}
