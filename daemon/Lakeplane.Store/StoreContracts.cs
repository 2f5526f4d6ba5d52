namespace Lakeplane.Daemon.Store;

/// <summary>
/// One stored control-plane object. The store is deliberately schemaless about bodies: each
/// area serialises its own object to JSON, while the columns the store indexes (kind, account,
/// scope, name) are the ones every area needs for lookups and uniqueness.
/// </summary>
/// <param name="Kind">The object type, e.g. "credentials", "workspace", "token".</param>
/// <param name="Id">Unique within the kind.</param>
/// <param name="AccountId">The owning account.</param>
/// <param name="Scope">The parent the name is unique within: "" for account-level objects,
/// "workspace:123" for workspace-level ones, "catalog:abc" for a schema, and so on.</param>
/// <param name="Name">Unique within (Kind, AccountId, Scope) when not empty.</param>
/// <param name="Version">Starts at 1 and grows by one with every update: the etag.</param>
/// <param name="Body">The object as JSON.</param>
public sealed record StoredObject(
    string Kind,
    string Id,
    string AccountId,
    string Scope,
    string Name,
    long Version,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One line of the audit log. Never carries a secret: callers pass only ids and names.</summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset Time,
    string AccountId,
    string Actor,
    string Action,
    string Kind,
    string ObjectId,
    string Details);

/// <summary>What a mutation with a request id answered the first time, so a retry gets the same answer.</summary>
public sealed record IdempotencyRecord(
    string AccountId,
    string RequestId,
    string Operation,
    string ObjectId,
    string Response,
    DateTimeOffset CreatedAt);

/// <summary>Reads that see one consistent snapshot.</summary>
public interface IStoreReader
{
    Task<StoredObject?> GetAsync(string kind, string id, CancellationToken cancellationToken = default);

    Task<StoredObject?> FindByNameAsync(string kind, string accountId, string scope, string name, CancellationToken cancellationToken = default);

    /// <summary>Objects of a kind in an account, ordered by name then id. <paramref name="scope"/> null means every scope.
    /// Paging: pass the last (name, id) seen as <paramref name="after"/>.</summary>
    Task<IReadOnlyList<StoredObject>> ListAsync(
        string kind,
        string accountId,
        string? scope,
        (string Name, string Id)? after = null,
        int limit = int.MaxValue,
        CancellationToken cancellationToken = default);

    /// <summary>Objects of a kind across every account, ordered by id, for background work that must find all of them
    /// (e.g. resuming workspaces left PROVISIONING by a restart). Paging: pass the last id seen as <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<StoredObject>> ListAllAsync(
        string kind,
        string? afterId = null,
        int limit = int.MaxValue,
        CancellationToken cancellationToken = default);

    /// <summary>Audit entries of an account in the order they committed, after <paramref name="afterSequence"/> (0 for the start).</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string accountId, long afterSequence, int limit, CancellationToken cancellationToken = default);

    Task<IdempotencyRecord?> GetIdempotencyAsync(string accountId, string requestId, CancellationToken cancellationToken = default);
}

/// <summary>
/// One atomic unit of work: everything written through it commits together or not at all,
/// and concurrent transactions are serialised (no lost updates).
/// </summary>
public interface IStoreTransaction : IStoreReader
{
    /// <summary>Inserts at version 1. Throws <see cref="StoreDuplicateNameException"/> when (kind, account, scope, name) is taken,
    /// <see cref="StoreDuplicateIdException"/> when the id is.</summary>
    Task<StoredObject> InsertAsync(string kind, string id, string accountId, string scope, string name, string body, CancellationToken cancellationToken = default);

    /// <summary>Replaces name and body when the stored version equals <paramref name="expectedVersion"/>;
    /// throws <see cref="StoreVersionConflictException"/> otherwise, <see cref="StoreNotFoundException"/> when absent.</summary>
    Task<StoredObject> UpdateAsync(string kind, string id, long expectedVersion, string name, string body, CancellationToken cancellationToken = default);

    /// <summary>Deletes when the stored version equals <paramref name="expectedVersion"/>; same exceptions as update.</summary>
    Task DeleteAsync(string kind, string id, long expectedVersion, CancellationToken cancellationToken = default);

    Task AppendAuditAsync(string accountId, string actor, string action, string kind, string objectId, string details, CancellationToken cancellationToken = default);

    /// <summary>Records the first answer to a request id. Throws <see cref="StoreDuplicateRequestException"/> when the
    /// (account, request id) is already recorded: read it with <see cref="IStoreReader.GetIdempotencyAsync"/> in the same
    /// transaction first. <see cref="IdempotencyRecord.CreatedAt"/> is the store's clock, not the caller's.</summary>
    Task PutIdempotencyAsync(IdempotencyRecord record, CancellationToken cancellationToken = default);
}

/// <summary>The control plane's persistent state. SQLite (embedded default) and PostgreSQL implement it and pass one test suite.</summary>
public interface IStore : IAsyncDisposable
{
    /// <summary>Applies pending versioned schema migrations. Safe to call on every start, and from several replicas at once.
    /// Throws <see cref="StoreSchemaTooNewException"/> when the database was migrated by newer code.</summary>
    Task MigrateAsync(CancellationToken cancellationToken = default);

    Task<T> ReadAsync<T>(Func<IStoreReader, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="work"/> in one transaction that commits when it returns and rolls back when it throws.
    /// The work may run more than once (PostgreSQL retries serialization failures), so it must have no effect outside the
    /// transaction; it must not call <see cref="WriteAsync{T}"/> itself, nor use the transaction after it returns.
    /// Throws <see cref="StoreBusyException"/> when contention outlasts the retries.</summary>
    Task<T> WriteAsync<T>(Func<IStoreTransaction, Task<T>> work, CancellationToken cancellationToken = default);

    /// <summary>The schema version applied, for diagnostics and tests.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken = default);
}

public class StoreException(string message, Exception? innerException = null) : Exception(message, innerException);

public sealed class StoreDuplicateNameException(string kind, string scope, string name)
    : StoreException($"A {kind} named '{name}' already exists{(scope.Length > 0 ? " in " + scope : "")}.")
{
    public string Kind { get; } = kind;
    public string Name { get; } = name;
}

public sealed class StoreDuplicateIdException(string kind, string id)
    : StoreException($"A {kind} with id '{id}' already exists.");

public sealed class StoreNotFoundException(string kind, string id)
    : StoreException($"No {kind} with id '{id}'.");

public sealed class StoreVersionConflictException(string kind, string id, long expected, long actual)
    : StoreException($"The {kind} '{id}' is at version {actual}, not {expected}: it was changed by someone else. Read it again and retry.")
{
    public long ExpectedVersion { get; } = expected;
    public long ActualVersion { get; } = actual;
}

public sealed class StoreDuplicateRequestException(string accountId, string requestId)
    : StoreException($"Request '{requestId}' of account '{accountId}' has already been answered.")
{
    public string RequestId { get; } = requestId;
}

/// <summary>The database was migrated by a newer Lakeplane: running older code against it could corrupt it.</summary>
public sealed class StoreSchemaTooNewException(int databaseVersion, int knownVersion)
    : StoreException($"The database schema is at version {databaseVersion}, but this lakeplaned knows versions up to {knownVersion} only. Run a lakeplaned at least as new as the one that migrated it.")
{
    public int DatabaseVersion { get; } = databaseVersion;
    public int KnownVersion { get; } = knownVersion;
}

/// <summary>Concurrent writers kept this transaction from committing even after retries; the caller may retry later.</summary>
public sealed class StoreBusyException(string message, Exception innerException)
    : StoreException(message, innerException);

/// <summary>The database cannot be reached (PostgreSQL restarting, failing over, or out of connections). Nothing of the
/// call was committed unless the connection broke during the commit itself; the caller may retry (with the same request id).</summary>
public sealed class StoreUnavailableException(string message, Exception innerException)
    : StoreException(message, innerException);
