using Grpc.Core;
using Lakeplane.Protos.Client;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// How resources call the daemon. Transient failures (daemon restarting, connection reset) are
/// retried with backoff; mutating calls carry one request id across all their attempts, so the
/// daemon runs a create or delete at most once however often it is retried. "Not found" is a
/// normal answer for reads and deletes and is returned as such, not thrown.
/// </summary>
public static class DaemonCalls
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3)];

    /// <summary>A fresh idempotency key for one logical create or delete.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString();

    public static async Task<T> WithRetriesAsync<T>(Func<CallOptions, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await call(new CallOptions(cancellationToken: cancellationToken));
            }
            catch (RpcException e) when (IsTransient(e) && attempt < Backoff.Length && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Backoff[attempt], cancellationToken);
            }
        }
    }

    /// <summary>The object, or null when the daemon says it does not exist.</summary>
    public static async Task<T?> GetOrNullAsync<T>(Func<CallOptions, Task<T>> call, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await WithRetriesAsync(call, cancellationToken);
        }
        catch (RpcException e) when (IsNotFound(e))
        {
            return null;
        }
    }

    /// <summary>Deletes; an object that is already gone counts as deleted.</summary>
    public static async Task DeleteAsync<T>(Func<CallOptions, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            await WithRetriesAsync(call, cancellationToken);
        }
        catch (RpcException e) when (IsNotFound(e))
        {
        }
    }

    public static bool IsNotFound(RpcException e) => LakeplaneError.Decode(e).ErrorCode == "RESOURCE_DOES_NOT_EXIST";

    private static bool IsTransient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted;
}
