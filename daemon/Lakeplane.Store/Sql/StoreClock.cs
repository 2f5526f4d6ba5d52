namespace Lakeplane.Daemon.Store;

/// <summary>The store's notion of now.</summary>
internal static class StoreClock
{
    /// <summary>UTC, cut to whole microseconds: PostgreSQL keeps no finer, and an object must read back exactly as it was returned.</summary>
    public static DateTimeOffset Now(TimeProvider timeProvider)
    {
        var ticks = timeProvider.GetUtcNow().UtcTicks;
        return new DateTimeOffset(ticks - ticks % 10, TimeSpan.Zero);
    }
}
