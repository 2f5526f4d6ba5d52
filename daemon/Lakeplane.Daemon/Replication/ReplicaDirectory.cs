using System.Text.Json;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Replication;

/// <summary>
/// The replicas that share the store, each announcing its URL in a row of its own (kind <c>replica</c>) that it renews with
/// its leases. Node agents are given every live replica's URL, so they can report to any of them.
/// </summary>
public sealed class ReplicaDirectory(IStore store, TimeProvider time, ReplicaIdentity replica)
{
    public const string Kind = "replica";

    /// <summary>A replica silent this long after its row expired is removed from the store by whichever replica looks.</summary>
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(1);

    /// <summary>Writes (or renews) this replica's row.</summary>
    public Task AnnounceAsync(string url, TimeSpan validFor, CancellationToken cancellationToken) =>
        store.WriteAsync(async transaction =>
        {
            var body = JsonSerializer.Serialize(new ReplicaRecord(url, time.GetUtcNow().Add(validFor).ToUnixTimeMilliseconds()), ReplicationJsonContext.Default.ReplicaRecord);
            var row = await transaction.GetAsync(Kind, replica.Id, cancellationToken);
            if (row is null)
            {
                await transaction.InsertAsync(Kind, replica.Id, "", "", "", body, cancellationToken);
            }
            else
            {
                await transaction.UpdateAsync(Kind, replica.Id, row.Version, "", body, cancellationToken);
            }
            return true;
        }, cancellationToken);

    /// <summary>The URLs of the live replicas, in a stable order (every replica computes the same list).</summary>
    public async Task<IReadOnlyList<string>> LiveUrlsAsync(CancellationToken cancellationToken)
    {
        var rows = await store.ReadAsync(reader => reader.ListAllAsync(Kind, cancellationToken: cancellationToken), cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return rows.Select(row => Read(row.Body)).Where(r => r.ExpiresAt > now).Select(r => r.Url).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Removes rows of replicas long gone, so the table does not grow with every restart.</summary>
    public Task ForgetDeadAsync(CancellationToken cancellationToken) =>
        store.WriteAsync(async transaction =>
        {
            var limit = time.GetUtcNow().Subtract(ForgetAfter).ToUnixTimeMilliseconds();
            foreach (var row in await transaction.ListAllAsync(Kind, cancellationToken: cancellationToken))
            {
                if (Read(row.Body).ExpiresAt < limit)
                {
                    await transaction.DeleteAsync(Kind, row.Id, row.Version, cancellationToken);
                }
            }
            return true;
        }, cancellationToken);

    /// <summary>On a graceful stop: gone at once from the lists node agents get.</summary>
    public async Task WithdrawAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await store.WriteAsync(async transaction =>
            {
                if (await transaction.GetAsync(Kind, replica.Id, timeout.Token) is { } row)
                {
                    await transaction.DeleteAsync(Kind, row.Id, row.Version, timeout.Token);
                }
                return true;
            }, timeout.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Its row expires by itself.
        }
    }

    private static ReplicaRecord Read(string body) => JsonSerializer.Deserialize(body, ReplicationJsonContext.Default.ReplicaRecord)!;
}
