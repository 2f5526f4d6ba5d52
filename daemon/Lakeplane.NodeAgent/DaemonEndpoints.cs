using System.Collections.Concurrent;

namespace Lakeplane.NodeAgent;

/// <summary>
/// Where the daemon's replicas are: the endpoint file holds one URL per line (the live replicas, rewritten by them as
/// they come and go; one line, e.g. a load balancer's name, on ec2). The agent talks to one of them and moves to the next
/// when a call to it fails, so a node outlives the replica that launched it and is heard by a survivor within a
/// heartbeat or two. The file is read again on every call: a replica restarted on another port is found.
/// </summary>
public sealed class DaemonEndpoints
{
    private static readonly ConcurrentDictionary<string, DaemonEndpoints> ByFile = new(StringComparer.Ordinal);

    private readonly string _file;
    private string? _current;

    private DaemonEndpoints(string file)
    {
        _file = file;
    }

    /// <summary>One view per endpoint file, shared by the heartbeat and the task channel: when one finds a replica dead, the other moves too.</summary>
    public static DaemonEndpoints For(string file) => ByFile.GetOrAdd(file, path => new DaemonEndpoints(path));

    /// <summary>Every URL in the file, in its order.</summary>
    public List<string> All() =>
        File.ReadAllLines(_file).Select(line => line.Trim().TrimEnd('/')).Where(line => line.Length > 0).ToList();

    /// <summary>The replica to call now: the last one that worked while it is still listed, else the first listed.</summary>
    public string Current()
    {
        var all = All();
        if (all.Count == 0)
        {
            throw new IOException($"{_file} lists no daemon URL.");
        }
        var current = Volatile.Read(ref _current);
        return current is not null && all.Contains(current, StringComparer.Ordinal) ? current : all[0];
    }

    /// <summary>A call to <paramref name="url"/> failed: the next listed replica is tried from now on.</summary>
    public void Failed(string url)
    {
        var all = All();
        if (all.Count == 0)
        {
            return;
        }
        var at = all.IndexOf(url);
        Volatile.Write(ref _current, all[(at + 1) % all.Count]);
    }

    /// <summary>How many replicas to try in one go before waiting for the next round.</summary>
    public int Count => Math.Max(1, All().Count);
}
