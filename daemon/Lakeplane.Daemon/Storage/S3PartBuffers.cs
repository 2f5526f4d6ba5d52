namespace Lakeplane.Daemon.Storage;

/// <summary>
/// The part buffers of every s3 upload in this daemon, bounded: at most <see cref="Capacity"/> buffers of
/// <see cref="S3StorageDriver.PartSize"/> exist at once (allocated on first use, then reused), and an upload that
/// needs one more waits for one to be returned. So the daemon's memory for uploads is at most Capacity × PartSize
/// however large the files and however many uploads run, and it stays flat as a file grows.
/// </summary>
public sealed class S3PartBuffers : IDisposable
{
    private readonly SemaphoreSlim _available;
    private readonly Stack<byte[]> _free = new();
    private readonly Lock _gate = new();
    private int _inUse;
    private int _peakInUse;

    public S3PartBuffers(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _available = new SemaphoreSlim(capacity, capacity);
    }

    public int Capacity { get; }

    /// <summary>The most buffers rented at one time since the daemon started (what the pool's bound is checked against).</summary>
    public int PeakInUse => Volatile.Read(ref _peakInUse);

    /// <summary>One buffer of <see cref="S3StorageDriver.PartSize"/> bytes; give it back with <see cref="Return"/>.</summary>
    public async Task<byte[]> RentAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken);
        lock (_gate)
        {
            CountRented();
            return _free.TryPop(out var buffer) ? buffer : GC.AllocateUninitializedArray<byte>(S3StorageDriver.PartSize);
        }
    }

    /// <summary>A buffer if one is free now, without waiting: how an upload that already has parts in flight asks for one
    /// more, so that no upload ever waits on the pool while holding buffers (which could deadlock uploads on each other).</summary>
    public bool TryRent(out byte[] buffer)
    {
        if (!_available.Wait(0))
        {
            buffer = [];
            return false;
        }
        lock (_gate)
        {
            CountRented();
            buffer = _free.TryPop(out var free) ? free : GC.AllocateUninitializedArray<byte>(S3StorageDriver.PartSize);
        }
        return true;
    }

    public void Return(byte[] buffer)
    {
        lock (_gate)
        {
            _inUse--;
            _free.Push(buffer);
        }
        _available.Release();
    }

    private void CountRented()
    {
        _inUse++;
        _peakInUse = Math.Max(_peakInUse, _inUse);
    }

    public void Dispose() => _available.Dispose();
}
