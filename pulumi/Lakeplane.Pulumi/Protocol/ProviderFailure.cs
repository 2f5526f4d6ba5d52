using Grpc.Core;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>A status the adapter composed on purpose (an init failure with its details, a rejected
/// configuration): passed to the engine as it is, not re-translated like a daemon's RpcException.</summary>
public sealed class ProviderFailure(RpcException status) : Exception(status.Status.Detail)
{
    public RpcException Status { get; } = status;
}
