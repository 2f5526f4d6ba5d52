using System.Diagnostics.CodeAnalysis;
using Grpc.AspNetCore.Server.Model;

namespace Lakeplane.Protos.GoPlugin;

// go-plugin's services, bound without reflection for the same reason as tfplugin6's
// (see Lakeplane.Protos.Tfplugin6.Provider.AddMethods): they live in every provider process.

public static partial class GRPCController
{
    // What ServiceMethodProviderContext<TService> requires of its service type for trimming.
    private const DynamicallyAccessedMemberTypes ServiceMembers =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    public static void AddMethods<[DynamicallyAccessedMembers(ServiceMembers)] TService>(ServiceMethodProviderContext<TService> context)
        where TService : GRPCControllerBase =>
        context.AddUnaryMethod(__Method_Shutdown, [], static (service, request, call) => service.Shutdown(request, call));
}

public static partial class GRPCStdio
{
    // What ServiceMethodProviderContext<TService> requires of its service type for trimming.
    private const DynamicallyAccessedMemberTypes ServiceMembers =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    public static void AddMethods<[DynamicallyAccessedMembers(ServiceMembers)] TService>(ServiceMethodProviderContext<TService> context)
        where TService : GRPCStdioBase =>
        context.AddServerStreamingMethod(__Method_StreamStdio, [], static (service, request, stream, call) => service.StreamStdio(request, stream, call));
}

public static partial class GRPCBroker
{
    // What ServiceMethodProviderContext<TService> requires of its service type for trimming.
    private const DynamicallyAccessedMemberTypes ServiceMembers =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    public static void AddMethods<[DynamicallyAccessedMembers(ServiceMembers)] TService>(ServiceMethodProviderContext<TService> context)
        where TService : GRPCBrokerBase =>
        context.AddDuplexStreamingMethod(__Method_StartStream, [], static (service, requests, responses, call) => service.StartStream(requests, responses, call));
}
