using Microsoft.Net.Http.Headers;

namespace Lakeplane.Daemon.Files;

/// <summary>
/// The Range header of a file download: one byte range (bytes=a-b, bytes=a-, bytes=-n) is served as 206; any other
/// form (several ranges, another unit, a malformed header) is ignored and the whole file served, as RFC 9110 allows.
/// </summary>
public static class FileRanges
{
    public static RangeItemHeaderValue? Requested(HttpRequest request) =>
        RangeHeaderValue.TryParse(request.Headers.Range.ToString(), out var range)
        && range.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase)
        && range.Ranges.Count == 1
            ? range.Ranges.Single()
            : null;

    /// <summary>The offset and length the range names within a file of <paramref name="size"/> bytes; null when none of it is.</summary>
    public static (long Offset, long Length)? Within(RangeItemHeaderValue range, long size)
    {
        if (range.From is { } from)
        {
            if (from >= size)
            {
                return null;
            }
            var to = Math.Min(range.To ?? size - 1, size - 1);
            return (from, to - from + 1);
        }
        // bytes=-n: the last n bytes.
        var suffix = range.To ?? 0;
        if (suffix <= 0 || size == 0)
        {
            return null;
        }
        var offset = Math.Max(0, size - suffix);
        return (offset, size - offset);
    }
}
