namespace Lakeplane.Daemon.Tests.Support;

/// <summary>Names no other test uses, so tests sharing a daemon never collide.</summary>
public static class Unique
{
    private static int _counter;

    public static string Name(string stem) => $"{stem}-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";

    public static string RequestId() => Guid.NewGuid().ToString();
}
