using Grpc.Core;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>One page of a catalog list call, retried when transient, its errors as diagnostics on the data source's attributes.</summary>
internal static class ListPages
{
    public static Task<T> CallAsync<T>(ObjectSchema schema, string action, Func<CallOptions, Task<T>> call, CancellationToken cancellationToken) =>
        DaemonErrors.RethrowAsDiagnosticAsync(schema, action, () => DaemonCalls.WithRetriesAsync(call, cancellationToken));
}
