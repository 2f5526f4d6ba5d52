using Grpc.Core;
using Lakeplane.Protos.Tfplugin6;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// The tfplugin6.Provider gRPC service: routing only. Each RPC's translation lives in its own
/// class; every one of them turns failures into diagnostics, so nothing here can throw at terraform.
/// </summary>
public sealed class ProviderService(
    SchemaResponder schemas,
    ConfigValidation validation,
    ProviderConfiguration configuration,
    StateUpgrade upgrade,
    ResourceRead read,
    ResourcePlan plan,
    ResourceApply apply,
    ResourceImport import,
    DataSourceRead dataSources,
    EphemeralResourceLifecycle ephemerals,
    ProviderSession session) : Provider.ProviderBase
{
    public override Task<GetMetadata.Types.Response> GetMetadata(GetMetadata.Types.Request request, ServerCallContext context) =>
        Task.FromResult(schemas.GetMetadata());

    public override Task<GetProviderSchema.Types.Response> GetProviderSchema(GetProviderSchema.Types.Request request, ServerCallContext context) =>
        Task.FromResult(schemas.GetProviderSchema());

    public override Task<ValidateProviderConfig.Types.Response> ValidateProviderConfig(ValidateProviderConfig.Types.Request request, ServerCallContext context) =>
        Task.FromResult(validation.ValidateProvider(request));

    public override Task<ValidateResourceConfig.Types.Response> ValidateResourceConfig(ValidateResourceConfig.Types.Request request, ServerCallContext context) =>
        Task.FromResult(validation.ValidateResource(request));

    public override Task<ValidateDataResourceConfig.Types.Response> ValidateDataResourceConfig(ValidateDataResourceConfig.Types.Request request, ServerCallContext context) =>
        Task.FromResult(validation.ValidateDataSource(request));

    public override Task<UpgradeResourceState.Types.Response> UpgradeResourceState(UpgradeResourceState.Types.Request request, ServerCallContext context) =>
        Task.FromResult(upgrade.Upgrade(request));

    public override Task<ConfigureProvider.Types.Response> ConfigureProvider(ConfigureProvider.Types.Request request, ServerCallContext context) =>
        Task.FromResult(configuration.Configure(request));

    public override Task<ReadResource.Types.Response> ReadResource(ReadResource.Types.Request request, ServerCallContext context) =>
        read.ReadAsync(request, context.CancellationToken);

    public override Task<PlanResourceChange.Types.Response> PlanResourceChange(PlanResourceChange.Types.Request request, ServerCallContext context) =>
        Task.FromResult(plan.Plan(request));

    public override Task<ApplyResourceChange.Types.Response> ApplyResourceChange(ApplyResourceChange.Types.Request request, ServerCallContext context) =>
        apply.ApplyAsync(request, context.CancellationToken);

    public override Task<ImportResourceState.Types.Response> ImportResourceState(ImportResourceState.Types.Request request, ServerCallContext context) =>
        import.ImportAsync(request, context.CancellationToken);

    public override Task<MoveResourceState.Types.Response> MoveResourceState(MoveResourceState.Types.Request request, ServerCallContext context) =>
        Task.FromResult(UnsupportedFeatures.MoveResourceState(request));

    public override Task<ReadDataSource.Types.Response> ReadDataSource(ReadDataSource.Types.Request request, ServerCallContext context) =>
        dataSources.ReadAsync(request, context.CancellationToken);

    public override Task<ValidateEphemeralResourceConfig.Types.Response> ValidateEphemeralResourceConfig(ValidateEphemeralResourceConfig.Types.Request request, ServerCallContext context) =>
        Task.FromResult(ephemerals.Validate(request));

    public override Task<OpenEphemeralResource.Types.Response> OpenEphemeralResource(OpenEphemeralResource.Types.Request request, ServerCallContext context) =>
        ephemerals.OpenAsync(request, context.CancellationToken);

    public override Task<RenewEphemeralResource.Types.Response> RenewEphemeralResource(RenewEphemeralResource.Types.Request request, ServerCallContext context) =>
        ephemerals.RenewAsync(request, context.CancellationToken);

    public override Task<CloseEphemeralResource.Types.Response> CloseEphemeralResource(CloseEphemeralResource.Types.Request request, ServerCallContext context) =>
        ephemerals.CloseAsync(request, context.CancellationToken);

    public override Task<GetFunctions.Types.Response> GetFunctions(GetFunctions.Types.Request request, ServerCallContext context) =>
        Task.FromResult(UnsupportedFeatures.GetFunctions());

    public override Task<CallFunction.Types.Response> CallFunction(CallFunction.Types.Request request, ServerCallContext context) =>
        Task.FromResult(UnsupportedFeatures.CallFunction(request));

    /// <summary>terraform was interrupted: cancel in-flight work so it can finish promptly with what is done.</summary>
    public override Task<StopProvider.Types.Response> StopProvider(StopProvider.Types.Request request, ServerCallContext context)
    {
        session.Stop();
        return Task.FromResult(new StopProvider.Types.Response());
    }
}
