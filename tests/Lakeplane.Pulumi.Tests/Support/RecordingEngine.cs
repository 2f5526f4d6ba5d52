using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;

namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>The engine's Engine service as far as a provider uses it: records every Log call.</summary>
public sealed class RecordingEngine : Engine.EngineBase
{
    public ConcurrentQueue<LogRequest> Logs { get; } = new();

    public override Task<Empty> Log(LogRequest request, ServerCallContext context)
    {
        Logs.Enqueue(request);
        return Task.FromResult(new Empty());
    }
}
