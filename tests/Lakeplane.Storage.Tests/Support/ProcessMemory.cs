using System.Globalization;

namespace Lakeplane.Storage.Tests.Support;

/// <summary>A process's memory as Linux reports it in /proc/&lt;pid&gt;/status.</summary>
public static class ProcessMemory
{
    /// <summary>VmHWM: the peak resident set size since the process started, in bytes.</summary>
    public static long PeakResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }
}
