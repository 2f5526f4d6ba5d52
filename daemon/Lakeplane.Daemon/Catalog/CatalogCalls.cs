using Google.Protobuf;
using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Persistence;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Catalog;

/// <summary>
/// How every catalog call runs: reads in one store snapshot, mutations in one transaction with their idempotency record
/// and audit entry, and both inside a session of the calling workspace's metastore, so the privilege check and what it
/// guards see the same state.
/// </summary>
public sealed class CatalogCalls(IStore store, MutationRunner mutations, CatalogSessions sessions, TimeProvider time)
{
    public CatalogSessions Sessions => sessions;

    /// <summary>Now, as catalog objects record it (epoch milliseconds).</summary>
    public long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<T> ReadAsync<T>(AuthenticatedPrincipal caller, long workspaceId, Func<CatalogSession, Task<T>> work, CancellationToken cancellationToken) =>
        store.ReadAsync(async reader => await work(await sessions.OpenAsync(reader, caller, workspaceId, cancellationToken)), cancellationToken);

    public Task<TResponse> WriteAsync<TResponse>(
        AuthenticatedPrincipal caller, long workspaceId, string action, string requestId, IMessage request,
        Func<CatalogSession, IStoreTransaction, Task<MutationOutcome<TResponse>>> work, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new()
    {
        var accountId = Authorization.RequireWorkspaceAccess(caller, "", workspaceId);
        return mutations.RunAsync(new Mutation(caller, accountId, action, requestId, request), async transaction =>
            await work(await sessions.OpenAsync(transaction, caller, workspaceId, cancellationToken), transaction), cancellationToken);
    }

    /// <summary>For account-level calls (metastores, assignments) that decide their own access.</summary>
    public Task<T> ReadStoreAsync<T>(Func<IStoreReader, Task<T>> work, CancellationToken cancellationToken) => store.ReadAsync(work, cancellationToken);

    public Task<TResponse> WriteStoreAsync<TResponse>(Mutation mutation, Func<IStoreTransaction, Task<MutationOutcome<TResponse>>> work, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>, new() => mutations.RunAsync(mutation, work, cancellationToken);
}
