using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Lakeplane.Protos.Client.RefreshSnapshots;

/// <summary>
/// Puts <see cref="ListedReadSnapshots"/> in the connection's call path, so that no resource definition needs
/// to know about it: a Get of a listed type inside a <see cref="RefreshScope"/> is answered from a snapshot
/// when one has it, or sent to the daemon as before; every call that is not a Get or a List drops the
/// snapshots before it is sent and again when it completes.
/// </summary>
public sealed class RefreshSnapshotInterceptor(ListedReadSnapshots snapshots) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (ListedReadKind.ByGetMethod.TryGetValue(context.Method.FullName, out var kind))
        {
            return RefreshScope.Active ? FromSnapshotOrDaemon(kind, request, context, continuation) : continuation(request, context);
        }
        if (IsRead(context.Method))
        {
            return continuation(request, context);
        }
        snapshots.Invalidate();
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(
            InvalidateWhenDoneAsync(call.ResponseAsync), call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, BlockingUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (!IsRead(context.Method))
        {
            snapshots.Invalidate();
        }
        try
        {
            return continuation(request, context);
        }
        finally
        {
            if (!IsRead(context.Method))
            {
                snapshots.Invalidate();
            }
        }
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        snapshots.Invalidate();
        return continuation(context);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        snapshots.Invalidate();
        return continuation(context);
    }

    /// <summary>Gets and Lists change nothing; every other method may (the daemon's API names them so).</summary>
    private static bool IsRead(IMethod method) =>
        method.Name.StartsWith("Get", StringComparison.Ordinal) || method.Name.StartsWith("List", StringComparison.Ordinal);

    private async Task<TResponse> InvalidateWhenDoneAsync<TResponse>(Task<TResponse> response)
    {
        try
        {
            return await response;
        }
        finally
        {
            snapshots.Invalidate();
        }
    }

    private AsyncUnaryCall<TResponse> FromSnapshotOrDaemon<TRequest, TResponse>(
        ListedReadKind kind, TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        AsyncUnaryCall<TResponse>? sent = null;
        async Task<TResponse> AnswerAsync()
        {
            var (accountId, id) = kind.KeyOf(request);
            if (await snapshots.TryAnswerAsync(kind, accountId, id, context.Options.CancellationToken) is TResponse listed)
            {
                return listed;
            }
            sent = continuation(request, context);
            return await sent.ResponseAsync;
        }
        var answer = AnswerAsync();
        return new AsyncUnaryCall<TResponse>(
            answer,
            HeadersAsync(),
            () => sent?.GetStatus() ?? Status.DefaultSuccess,
            () => sent?.GetTrailers() ?? [],
            () => sent?.Dispose());

        // The headers of the Get when one was sent; a snapshot's answer has none.
        async Task<Metadata> HeadersAsync()
        {
            try
            {
                await answer;
            }
            catch (Exception)
            {
                // The call's own failure is reported by its response; the headers may still have come.
            }
            return sent is null ? [] : await sent.ResponseHeadersAsync;
        }
    }
}
