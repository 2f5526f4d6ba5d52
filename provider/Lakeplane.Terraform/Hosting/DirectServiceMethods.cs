using System.Diagnostics.CodeAnalysis;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lakeplane.Terraform.Hosting;

/// <summary>
/// Binds a gRPC service's methods through the given delegate (the generated classes'
/// <c>AddMethods</c>, see proto/Lakeplane.Protos/ServerBinding) instead of Grpc.AspNetCore's
/// reflection-based binder. Under Native AOT that binder builds generic code at run time for every
/// method (it found the handlers with reflection and created a generic delegate for each): measured
/// with perf, ~40% of the CPU a provider launch spends before its handshake line.
/// </summary>
internal sealed class DirectServiceMethods<[DynamicallyAccessedMembers(ServiceMembers)] TService>(
    Action<ServiceMethodProviderContext<TService>> addMethods) : IServiceMethodProvider<TService>
    where TService : class
{
    // What ServiceMethodProviderContext<TService> requires of its service type for trimming.
    internal const DynamicallyAccessedMemberTypes ServiceMembers =
        DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods;

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context) => addMethods(context);
}

/// <summary>Registration of <see cref="DirectServiceMethods{TService}"/>.</summary>
internal static class DirectServiceMethodsRegistration
{
    /// <summary>Drops the reflection-based binder <c>AddGrpc</c> registered for every service: each
    /// service this process maps must then be registered with <see cref="AddDirectServiceMethods{TService}"/>.</summary>
    public static IServiceCollection WithoutReflectionBinding(this IServiceCollection services) =>
        services.RemoveAll(typeof(IServiceMethodProvider<>));

    public static IServiceCollection AddDirectServiceMethods<[DynamicallyAccessedMembers(DirectServiceMethods<object>.ServiceMembers)] TService>(
        this IServiceCollection services, Action<ServiceMethodProviderContext<TService>> addMethods)
        where TService : class =>
        services.AddSingleton<IServiceMethodProvider<TService>>(new DirectServiceMethods<TService>(addMethods));
}
