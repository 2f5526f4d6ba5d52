using System.Buffers;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Options;

namespace Lakeplane.Daemon.Hosting;

/// <summary>
/// Serves HTTP/1.1 (REST, curl, Databricks SDKs) and HTTP/2 with prior knowledge (gRPC over h2c)
/// on one cleartext port. Kestrel (.NET 10) can't: on a cleartext Http1AndHttp2 endpoint it turns
/// HTTP/2 off, having no ALPN to choose with. So this transport owns the one real socket, reads
/// each connection's first bytes, and hands the connection (bytes unconsumed) to one of two
/// Kestrel endpoints, an HTTP/1.1 one or an HTTP/2 one, that exist only inside the process.
/// </summary>
public sealed class ProtocolDemultiplexer(DaemonSettings settings, ILoggerFactory loggerFactory) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    /// <summary>The connection preface every HTTP/2 client sends first (RFC 9113 §3.4).</summary>
    private static readonly byte[] Http2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>A client that connects and says nothing is dropped after this.</summary>
    private static readonly TimeSpan FirstBytesTimeout = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger = loggerFactory.CreateLogger<ProtocolDemultiplexer>();
    private readonly Channel<ConnectionContext> _http1 = Channel.CreateUnbounded<ConnectionContext>();
    private readonly Channel<ConnectionContext> _http2 = Channel.CreateUnbounded<ConnectionContext>();
    private readonly SemaphoreSlim _bindLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private IConnectionListener? _socket;
    private int _boundInternalEndpoints;

    /// <summary>The Kestrel endpoint that receives the HTTP/1.1 connections.</summary>
    public static EndPoint Http1EndPoint { get; } = new InternalEndPoint(HttpProtocols.Http1);

    /// <summary>The Kestrel endpoint that receives the HTTP/2 connections.</summary>
    public static EndPoint Http2EndPoint { get; } = new InternalEndPoint(HttpProtocols.Http2);

    /// <summary>The socket's real address once bound (the actual port when port 0 was asked for).</summary>
    public IPEndPoint? BoundEndPoint { get; private set; }

    public bool CanBind(EndPoint endpoint) => endpoint is InternalEndPoint;

    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var internalEndPoint = (InternalEndPoint)endpoint;
        await _bindLock.WaitAsync(cancellationToken);
        try
        {
            if (_socket is null)
            {
                var sockets = new SocketTransportFactory(Options.Create(new SocketTransportOptions()), loggerFactory);
                _socket = await sockets.BindAsync(ListenEndpoint.Parse(settings.Listen), cancellationToken);
                BoundEndPoint = (IPEndPoint)_socket.EndPoint;
                _ = Task.Run(AcceptLoopAsync, CancellationToken.None);
            }
            _boundInternalEndpoints++;
        }
        finally
        {
            _bindLock.Release();
        }
        return new InternalListener(this, internalEndPoint, internalEndPoint.Protocol == HttpProtocols.Http2 ? _http2 : _http1);
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            ConnectionContext? connection;
            try
            {
                connection = await _socket!.AcceptAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception exception)
            {
                _logger.LogError(exception, "Accepting a connection failed; the listener stops");
                return;
            }
            if (connection is null)
            {
                return;
            }
            _ = RouteAsync(connection);
        }
    }

    private async Task RouteAsync(ConnectionContext connection)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, connection.ConnectionClosed);
            timeout.CancelAfter(FirstBytesTimeout);
            var target = await StartsWithHttp2PrefaceAsync(connection, timeout.Token) ? _http2 : _http1;
            if (target.Writer.TryWrite(connection))
            {
                return;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ConnectionResetException)
        {
            // Silent, closed or reset before saying anything: nothing to serve.
        }
        await connection.DisposeAsync();
    }

    /// <summary>Reads until the first bytes match or stop matching the preface, consuming nothing.</summary>
    private static async Task<bool> StartsWithHttp2PrefaceAsync(ConnectionContext connection, CancellationToken cancellationToken)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var length = (int)Math.Min(buffer.Length, Http2Preface.Length);
            var matches = buffer.Slice(0, length).ToArray().AsSpan().SequenceEqual(Http2Preface.AsSpan(0, length));
            if (!matches || length == Http2Preface.Length || result.IsCompleted)
            {
                // Nothing consumed, nothing examined: Kestrel's parser gets these bytes at once.
                input.AdvanceTo(buffer.Start);
                return matches && length == Http2Preface.Length;
            }
            // Examined all, consumed none: the next read waits for more bytes.
            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private async ValueTask ReleaseAsync()
    {
        await _bindLock.WaitAsync();
        try
        {
            if (--_boundInternalEndpoints > 0 || _socket is null)
            {
                return;
            }
            await _stopping.CancelAsync();
            await _socket.UnbindAsync();
            await _socket.DisposeAsync();
            _socket = null;
        }
        finally
        {
            _bindLock.Release();
        }
    }

    /// <summary>An endpoint that exists only in this process: Kestrel binds it through this factory.</summary>
    private sealed class InternalEndPoint(HttpProtocols protocol) : EndPoint
    {
        public HttpProtocols Protocol { get; } = protocol;

        public override string ToString() => "lakeplaned-" + Protocol.ToString().ToLowerInvariant();
    }

    private sealed class InternalListener(ProtocolDemultiplexer owner, EndPoint endpoint, Channel<ConnectionContext> connections) : IConnectionListener
    {
        private int _released;

        public EndPoint EndPoint { get; } = endpoint;

        public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await connections.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                return null;
            }
        }

        public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                await owner.ReleaseAsync();
            }
            connections.Writer.TryComplete();
            // Routed but never accepted: Kestrel will not close these, so close them here.
            while (connections.Reader.TryRead(out var orphan))
            {
                await orphan.DisposeAsync();
            }
        }

        public ValueTask DisposeAsync() => UnbindAsync();
    }
}
