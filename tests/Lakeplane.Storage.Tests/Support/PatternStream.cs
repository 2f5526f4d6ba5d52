namespace Lakeplane.Storage.Tests.Support;

/// <summary>
/// A read-only, unseekable stream of <c>length</c> bytes in a fixed pattern, produced as it is read: large uploads
/// without holding them in the test's memory, and a content check that needs no second copy.
/// </summary>
public sealed class PatternStream(long length) : Stream
{
    private long _position;

    public static byte ByteAt(long offset) => (byte)((offset * 31 + (offset >> 13)) & 0xFF);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < count; i++)
        {
            buffer[i] = ByteAt(_position + i);
        }
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    /// <summary>True when <paramref name="content"/> is exactly the pattern of <paramref name="expectedLength"/> bytes.</summary>
    public static async Task<bool> MatchesAsync(Stream content, long expectedLength)
    {
        var buffer = new byte[1 << 16];
        long offset = 0;
        int read;
        while ((read = await content.ReadAsync(buffer)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != ByteAt(offset + i))
                {
                    return false;
                }
            }
            offset += read;
        }
        return offset == expectedLength;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
