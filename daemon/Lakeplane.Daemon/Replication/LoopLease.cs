using System.Text.Json;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Replication;

/// <summary>
/// The right of one replica to run one background loop (its role: "clusters", "provisioning", "jobs"), held as a lease
/// row in the store and renewed every third of <see cref="Duration"/> by <see cref="LeaseKeeper"/>.
///
/// Two guards keep a replica that lost the lease (it paused, or lost the store) from doing harm:
/// - locally, <see cref="IsHeld"/> is true only until the last successful renewal, counted from BEFORE that write,
///   plus the duration: the stored lease can only expire later, so no other replica can hold it while this one thinks it does
///   (on one clock; replicas on several hosts need clocks in step within a fraction of the duration, e.g. NTP);
/// - in the store, every decision the loop commits goes through <see cref="WriteAsync{T}"/>, which first reads the lease
///   row IN THE SAME TRANSACTION and refuses (<see cref="LeaseLostException"/>) unless this replica holds it at the epoch it
///   took it at and it has not expired. PostgreSQL runs writes SERIALIZABLE, so a takeover committing concurrently makes
///   one of the two transactions fail and retry; SQLite has one writer. Either way a fenced commit is one made under the lease.
/// </summary>
public sealed class LoopLease(string role, TimeSpan duration, IStore store, TimeProvider time, ReplicaIdentity replica, ILogger logger)
{
    /// <summary>The store kind of lease rows.</summary>
    public const string Kind = "loop_lease";

    private long _heldUntilTicks;
    private long _epoch;

    public string Role { get; } = role;

    public TimeSpan Duration { get; } = duration;

    public string Replica => replica.Id;

    /// <summary>True while this replica may act for the loop (see the class remarks for why it is safe to trust).</summary>
    public bool IsHeld => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _heldUntilTicks);

    /// <summary>The fencing epoch this replica holds the lease at; 0 when it never held it.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>When this replica last took the lease over: work missed before then was missed by every replica.</summary>
    public DateTimeOffset HeldSince { get; private set; } = DateTimeOffset.MaxValue;

    /// <summary>Raised each time this replica takes the lease (not on renewals): the loop re-reads everything from the store then.</summary>
    public event Action? Acquired;

    /// <summary>Takes the lease when it is free or expired, renews it when this replica holds it; true while held.</summary>
    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        var wasHeld = IsHeld;
        var started = time.GetUtcNow();
        long epoch;
        try
        {
            epoch = await store.WriteAsync(async transaction =>
            {
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                var expires = now + (long)Duration.TotalMilliseconds;
                var row = await transaction.GetAsync(Kind, Role, cancellationToken);
                if (row is null)
                {
                    await transaction.InsertAsync(Kind, Role, "", "", "", Serialize(new LeaseRecord(replica.Id, 1, expires, now)), cancellationToken);
                    return 1L;
                }
                var current = Read(row.Body);
                if (current.Holder == replica.Id && current.Epoch == Interlocked.Read(ref _epoch))
                {
                    await transaction.UpdateAsync(Kind, Role, row.Version, "", Serialize(current with { ExpiresAt = expires }), cancellationToken);
                    return current.Epoch;
                }
                if (current.ExpiresAt > now)
                {
                    return 0L;
                }
                // A takeover (or this replica coming back after losing it): a new epoch, so decisions made under the old one are refused.
                var next = current with { Holder = replica.Id, Epoch = current.Epoch + 1, ExpiresAt = expires, AcquiredAt = now };
                await transaction.UpdateAsync(Kind, Role, row.Version, "", Serialize(next), cancellationToken);
                return next.Epoch;
            }, cancellationToken);
        }
        catch (StoreException exception)
        {
            logger.LogWarning("Could not renew the '{Role}' lease: {Message}", Role, exception.Message);
            epoch = 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The store unreachable (PostgreSQL restarting): the lease lapses by itself.
            logger.LogWarning("Could not renew the '{Role}' lease: {Type}", Role, exception.GetType().Name);
            epoch = 0;
        }
        if (epoch > 0)
        {
            var previous = Interlocked.Exchange(ref _epoch, epoch);
            Interlocked.Exchange(ref _heldUntilTicks, (started + Duration).UtcTicks);
            if (!wasHeld || previous != epoch)
            {
                HeldSince = started;
                logger.LogInformation("This replica ({Replica}) now holds the '{Role}' lease at epoch {Epoch}", replica.Id, Role, epoch);
                Acquired?.Invoke();
            }
            return true;
        }
        if (wasHeld)
        {
            Drop("it could not be renewed");
        }
        return false;
    }

    /// <summary>Runs <paramref name="work"/> in one store transaction that commits only while this replica holds the lease at
    /// its epoch: the fence is checked in that transaction, before the work. Throws <see cref="LeaseLostException"/> otherwise.</summary>
    public Task<T> WriteAsync<T>(Func<IStoreTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        store.WriteAsync(async transaction =>
        {
            await FenceAsync(transaction, cancellationToken);
            return await work(transaction);
        }, cancellationToken);

    /// <summary>Checks, inside <paramref name="transaction"/>, that this replica holds the lease at its epoch and it has not expired.</summary>
    public async Task FenceAsync(IStoreTransaction transaction, CancellationToken cancellationToken)
    {
        var epoch = Interlocked.Read(ref _epoch);
        var row = await transaction.GetAsync(Kind, Role, cancellationToken);
        string? why = null;
        if (epoch == 0 || !IsHeld)
        {
            why = "its local validity ran out";
        }
        else if (row is null)
        {
            why = "the lease row is gone";
        }
        else
        {
            var current = Read(row.Body);
            if (current.Holder != replica.Id || current.Epoch != epoch)
            {
                why = $"replica {current.Holder} holds it at epoch {current.Epoch}, this one had epoch {epoch}";
            }
            else if (current.ExpiresAt <= time.GetUtcNow().ToUnixTimeMilliseconds())
            {
                why = "it expired";
            }
        }
        if (why is not null)
        {
            Drop(why);
            throw new LeaseLostException(Role, why);
        }
    }

    /// <summary>On a graceful stop the lease is handed back at once, so another replica need not wait for it to expire.</summary>
    public async Task ReleaseAsync()
    {
        if (!IsHeld)
        {
            return;
        }
        Interlocked.Exchange(ref _heldUntilTicks, 0);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await store.WriteAsync(async transaction =>
            {
                var row = await transaction.GetAsync(Kind, Role, timeout.Token);
                if (row is not null && Read(row.Body) is { } current && current.Holder == replica.Id)
                {
                    // Expire it rather than delete it: the epoch must keep growing.
                    await transaction.UpdateAsync(Kind, Role, row.Version, "", Serialize(current with { ExpiresAt = 0 }), timeout.Token);
                }
                return true;
            }, timeout.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // It expires by itself.
            logger.LogDebug("Releasing the '{Role}' lease failed: {Type}", Role, exception.GetType().Name);
        }
    }

    private void Drop(string why)
    {
        if (Interlocked.Exchange(ref _heldUntilTicks, 0) != 0)
        {
            logger.LogWarning("This replica ({Replica}) lost the '{Role}' lease: {Why}", replica.Id, Role, why);
        }
    }

    public static LeaseRecord Read(string body) => JsonSerializer.Deserialize(body, ReplicationJsonContext.Default.LeaseRecord)!;

    private static string Serialize(LeaseRecord lease) => JsonSerializer.Serialize(lease, ReplicationJsonContext.Default.LeaseRecord);
}
