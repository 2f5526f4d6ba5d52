using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Schema;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// pulumirpc.ResourceProvider: translation only. Each RPC goes to the class that owns it, and
/// every failure leaves as a status the engine can print. Parameterize, Call, Attach and
/// GetMapping(s) are left to the base class, which answers Unimplemented: the engine falls back.
/// </summary>
public sealed class ProviderService(
    PulumiCatalog catalog,
    ProviderSession session,
    ProviderConfiguration configuration,
    ResourceCheck check,
    ResourceDiff diff,
    ResourceLifecycle lifecycle,
    FunctionInvoke invoke,
    ComponentConstruction construction) : ResourceProvider.ResourceProviderBase
{
    public const string Version = "0.1.0";

    private readonly Lazy<string> _schema = new(() => PulumiSchemaGenerator.Generate(catalog, Version));

    public override Task<ProviderHandshakeResponse> Handshake(ProviderHandshakeRequest request, ServerCallContext context) =>
        Task.FromResult(new ProviderHandshakeResponse { AcceptSecrets = true, AcceptResources = true, AcceptOutputs = true });

    public override Task<PluginInfo> GetPluginInfo(Empty request, ServerCallContext context) =>
        Task.FromResult(new PluginInfo { Version = Version });

    public override Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, ServerCallContext context)
    {
        if (request.Version != 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"schema version {request.Version} is not supported; this provider serves version 0"));
        }
        return Task.FromResult(new GetSchemaResponse { Schema = _schema.Value });
    }

    public override Task<CheckResponse> CheckConfig(CheckRequest request, ServerCallContext context) => Guard(() => configuration.CheckConfig(request));

    public override Task<DiffResponse> DiffConfig(DiffRequest request, ServerCallContext context) => Guard(() => configuration.DiffConfig(request));

    public override Task<ConfigureResponse> Configure(ConfigureRequest request, ServerCallContext context) => Guard(() => configuration.Configure(request));

    public override Task<CheckResponse> Check(CheckRequest request, ServerCallContext context) => Guard(() => check.Check(request));

    public override Task<DiffResponse> Diff(DiffRequest request, ServerCallContext context) => Guard(() => diff.Diff(request));

    public override Task<CreateResponse> Create(CreateRequest request, ServerCallContext context) =>
        GuardAsync(() => lifecycle.CreateAsync(request, context.CancellationToken));

    public override Task<ReadResponse> Read(ReadRequest request, ServerCallContext context) =>
        GuardAsync(() => lifecycle.ReadAsync(request, context.CancellationToken));

    public override Task<UpdateResponse> Update(UpdateRequest request, ServerCallContext context) =>
        GuardAsync(() => lifecycle.UpdateAsync(request, context.CancellationToken));

    public override Task<Empty> Delete(DeleteRequest request, ServerCallContext context) =>
        GuardAsync(async () =>
        {
            await lifecycle.DeleteAsync(request, context.CancellationToken);
            return new Empty();
        });

    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context) =>
        GuardAsync(() => invoke.InvokeAsync(request, context.CancellationToken));

    public override Task<ConstructResponse> Construct(ConstructRequest request, ServerCallContext context) =>
        GuardAsync(() => construction.ConstructAsync(request, context.CancellationToken));

    public override Task<Empty> Cancel(Empty request, ServerCallContext context)
    {
        session.Cancel();
        return Task.FromResult(new Empty());
    }

    private Task<T> Guard<T>(Func<T> handle) => GuardAsync(() => Task.FromResult(handle()));

    private async Task<T> GuardAsync<T>(Func<Task<T>> handle)
    {
        try
        {
            return await handle();
        }
        catch (ProviderFailure failure)
        {
            throw failure.Status;
        }
        catch (Exception e)
        {
            throw RpcFailures.From(e, session.CancelRequested);
        }
    }
}
