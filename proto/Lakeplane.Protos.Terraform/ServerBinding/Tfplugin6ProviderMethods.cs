using System.Diagnostics.CodeAnalysis;
using Grpc.AspNetCore.Server.Model;

namespace Lakeplane.Protos.Tfplugin6;

// Extends the class Grpc.Tools generates from tfplugin6.proto (it is partial), to reach its method
// descriptors and marshallers, which it keeps private.
public static partial class Provider
{
    // What ServiceMethodProviderContext<TService> requires of its service type for trimming.
    private const DynamicallyAccessedMemberTypes ServiceMembers =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    /// <summary>
    /// Binds every tfplugin6 method to <typeparamref name="TService"/> with plain delegates.
    /// Grpc.AspNetCore's default binder finds the handlers by reflection and creates a generic
    /// delegate per method, which under Native AOT means building generic code at run time: that
    /// was the largest single cost of the provider's start before the handshake line.
    /// </summary>
    public static void AddMethods<[DynamicallyAccessedMembers(ServiceMembers)] TService>(ServiceMethodProviderContext<TService> context)
        where TService : ProviderBase
    {
        context.AddUnaryMethod(__Method_GetMetadata, [], static (service, request, call) => service.GetMetadata(request, call));
        context.AddUnaryMethod(__Method_GetProviderSchema, [], static (service, request, call) => service.GetProviderSchema(request, call));
        context.AddUnaryMethod(__Method_ValidateProviderConfig, [], static (service, request, call) => service.ValidateProviderConfig(request, call));
        context.AddUnaryMethod(__Method_ValidateResourceConfig, [], static (service, request, call) => service.ValidateResourceConfig(request, call));
        context.AddUnaryMethod(__Method_ValidateDataResourceConfig, [], static (service, request, call) => service.ValidateDataResourceConfig(request, call));
        context.AddUnaryMethod(__Method_UpgradeResourceState, [], static (service, request, call) => service.UpgradeResourceState(request, call));
        context.AddUnaryMethod(__Method_ConfigureProvider, [], static (service, request, call) => service.ConfigureProvider(request, call));
        context.AddUnaryMethod(__Method_ReadResource, [], static (service, request, call) => service.ReadResource(request, call));
        context.AddUnaryMethod(__Method_PlanResourceChange, [], static (service, request, call) => service.PlanResourceChange(request, call));
        context.AddUnaryMethod(__Method_ApplyResourceChange, [], static (service, request, call) => service.ApplyResourceChange(request, call));
        context.AddUnaryMethod(__Method_ImportResourceState, [], static (service, request, call) => service.ImportResourceState(request, call));
        context.AddUnaryMethod(__Method_MoveResourceState, [], static (service, request, call) => service.MoveResourceState(request, call));
        context.AddUnaryMethod(__Method_ReadDataSource, [], static (service, request, call) => service.ReadDataSource(request, call));
        context.AddUnaryMethod(__Method_ValidateEphemeralResourceConfig, [], static (service, request, call) => service.ValidateEphemeralResourceConfig(request, call));
        context.AddUnaryMethod(__Method_OpenEphemeralResource, [], static (service, request, call) => service.OpenEphemeralResource(request, call));
        context.AddUnaryMethod(__Method_RenewEphemeralResource, [], static (service, request, call) => service.RenewEphemeralResource(request, call));
        context.AddUnaryMethod(__Method_CloseEphemeralResource, [], static (service, request, call) => service.CloseEphemeralResource(request, call));
        context.AddUnaryMethod(__Method_GetFunctions, [], static (service, request, call) => service.GetFunctions(request, call));
        context.AddUnaryMethod(__Method_CallFunction, [], static (service, request, call) => service.CallFunction(request, call));
        context.AddUnaryMethod(__Method_StopProvider, [], static (service, request, call) => service.StopProvider(request, call));
    }
}
