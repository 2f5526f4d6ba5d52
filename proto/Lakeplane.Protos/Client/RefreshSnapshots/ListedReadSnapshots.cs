using Google.Protobuf;
using Grpc.Core;

namespace Lakeplane.Protos.Client.RefreshSnapshots;

/// <summary>
/// One List call that answers a provider process's later refresh reads of the same type. terraform refreshes
/// every resource of a plan with its own ReadResource; for N networks that was N daemon round trips. Here the
/// second refresh read of a type in an account lists that type once, and every later refresh read of it (in
/// this process, for <see cref="MaxAge"/>) is answered from that list.
///
/// Why the answers are still right:
/// - Each refresh read returns the object as the daemon had it at one moment during this refresh, which is all
///   a per-object Get gives too (terraform reads the objects of a plan at unordered moments, not atomically).
///   The list is taken after the refresh began, so a change made before the plan always shows as drift.
/// - An id missing from the list is never reported as gone on the list's word: that read asks the daemon
///   (so a deletion shows exactly as before, and anything the list did not carry is read directly).
/// - Any mutating call through this connection (create, update, delete, ...) drops every snapshot, at its
///   start and again at its end, and a list that was in flight across a mutation is not used; reads outside a
///   refresh (<see cref="RefreshScope"/>), such as a create polling for RUNNING, never use a snapshot.
/// - A list that fails (permission, daemon unreachable) makes the reads ask the daemon one by one, which then
///   reports the error for the object it concerns.
/// - A snapshot older than <see cref="MaxAge"/> is listed afresh: a provider process lives for one terraform
///   command, and a refresh that takes longer still sees changes at most that old.
/// </summary>
public sealed class ListedReadSnapshots(CallInvoker direct, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(20);

    /// <summary>The read that triggers the list: the first read of a type asks the daemon directly, so a
    /// configuration with one object of a type never lists an account's many.</summary>
    public const int ReadsBeforeListing = 2;

    private static readonly TimeSpan ListDeadline = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Kind, string Account), Entry> _entries = [];
    private long _generation;
    private long _listCalls;
    private long _readsAnswered;

    /// <summary>How many List calls were made (for tests and the benchmark's accounting).</summary>
    public long ListCalls => Interlocked.Read(ref _listCalls);

    /// <summary>How many reads were answered from a list instead of a Get.</summary>
    public long ReadsAnswered => Interlocked.Read(ref _readsAnswered);

    /// <summary>Drops every snapshot: called around each mutating call.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
        }
    }

    /// <summary>The object from a snapshot, or null when the daemon must be asked (first read, failed list,
    /// id not in the list, or the snapshot outdated by a mutation).</summary>
    public async Task<IMessage?> TryAnswerAsync(ListedReadKind kind, string accountId, string id, CancellationToken cancellationToken)
    {
        Task<Snapshot?> listing;
        lock (_gate)
        {
            var key = (kind.Name, accountId);
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries[key] = entry;
            }
            entry.Reads++;
            if (entry.Listing is null || time.GetUtcNow() - entry.StartedAt > MaxAge)
            {
                if (entry.Reads < ReadsBeforeListing)
                {
                    return null;
                }
                entry.StartedAt = time.GetUtcNow();
                entry.Listing = ListAsync(kind, accountId, _generation);
            }
            listing = entry.Listing;
        }
        var snapshot = await listing.WaitAsync(cancellationToken);
        if (snapshot is null || !snapshot.Items.TryGetValue(id, out var item))
        {
            return null;
        }
        lock (_gate)
        {
            if (snapshot.Generation != _generation)
            {
                return null;
            }
        }
        Interlocked.Increment(ref _readsAnswered);
        // A copy: the caller owns its answer, as it would own a Get's.
        return item.Descriptor.Parser.ParseFrom(item.ToByteString());
    }

    private async Task<Snapshot?> ListAsync(ListedReadKind kind, string accountId, long generation)
    {
        Interlocked.Increment(ref _listCalls);
        try
        {
            // Not tied to the first reader's cancellation: other reads wait for the same list.
            var items = await kind.ListAsync(direct, accountId, new CallOptions(deadline: DateTime.UtcNow + ListDeadline));
            return new Snapshot(generation, items.ToDictionary(i => i.Id, i => i.Item, StringComparer.Ordinal));
        }
        catch (RpcException)
        {
            return null;
        }
    }

    private sealed class Entry
    {
        public int Reads;
        public DateTimeOffset StartedAt;
        public Task<Snapshot?>? Listing;
    }

    private sealed record Snapshot(long Generation, IReadOnlyDictionary<string, IMessage> Items);
}
