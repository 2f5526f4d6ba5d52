using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Lakeplane.Protos.Pulumirpc;

namespace Lakeplane.Pulumi.Components;

/// <summary>
/// Registers a component and its children with the engine's ResourceMonitor the way a Pulumi SDK
/// does: the component as a non-custom resource under the caller's parent, each child as a custom
/// resource parented to it, with the provider the program chose for its package, dependencies on
/// the resources its inputs came from, secrets and partially known values accepted.
/// </summary>
public sealed class ChildRegistrar(ResourceMonitor.ResourceMonitorClient monitor, ConstructRequest request, CancellationToken cancellationToken)
{
    private string _componentUrn = "";
    private bool _monitorTakesSecrets = true;

    public string ComponentUrn => _componentUrn;

    public async Task<string> RegisterComponentAsync()
    {
        // As every SDK does first: an old engine that cannot hold secrets must not be sent any.
        var secrets = await monitor.SupportsFeatureAsync(new SupportsFeatureRequest { Id = "secrets" }, cancellationToken: cancellationToken);
        _monitorTakesSecrets = secrets.HasSupport;
        var registration = new RegisterResourceRequest
        {
            Type = request.Type,
            Name = request.Name,
            Parent = request.Parent,
            Custom = false,
            Object = new Struct(),
            AcceptSecrets = _monitorTakesSecrets,
            AcceptResources = true,
            SupportsPartialValues = true,
        };
        if (request.HasProtect)
        {
            registration.Protect = request.Protect;
        }
        registration.Providers.Add(request.Providers);
        registration.Dependencies.AddRange(request.Dependencies);
        var response = await monitor.RegisterResourceAsync(registration, cancellationToken: cancellationToken);
        _componentUrn = response.Urn;
        return _componentUrn;
    }

    /// <param name="package">"aws" or "lakeplane": picks the provider the program passed for that package.</param>
    /// <param name="version">The package version to ask the engine for; empty lets it choose.</param>
    /// <param name="dependsOn">The resources whose outputs appear in <paramref name="inputs"/>.</param>
    public async Task<RegisteredResource> RegisterAsync(
        string type, string name, string package, string version, Struct inputs, params RegisteredResource[] dependsOn)
    {
        var registration = new RegisterResourceRequest
        {
            Type = type,
            Name = name,
            Parent = _componentUrn,
            Custom = true,
            Object = inputs,
            Version = version,
            AcceptSecrets = _monitorTakesSecrets,
            AcceptResources = false,
            SupportsPartialValues = true,
        };
        if (request.Providers.TryGetValue(package, out var provider))
        {
            registration.Provider = provider;
        }
        if (request.HasProtect)
        {
            registration.Protect = request.Protect;
        }
        registration.Dependencies.AddRange(dependsOn.Select(d => d.Urn).Distinct());
        var response = await monitor.RegisterResourceAsync(registration, cancellationToken: cancellationToken);
        return new RegisteredResource(response.Urn, response.Id, response.Object ?? new Struct());
    }

    /// <summary>A function of another package (aws:index/getCallerIdentity:getCallerIdentity) through the engine.</summary>
    public async Task<Struct> InvokeAsync(string token, string package, Struct args)
    {
        var invoke = new ResourceInvokeRequest { Tok = token, Args = args, AcceptResources = false };
        if (request.Providers.TryGetValue(package, out var provider))
        {
            invoke.Provider = provider;
        }
        var response = await monitor.InvokeAsync(invoke, cancellationToken: cancellationToken);
        if (response.Failures.Count > 0)
        {
            var reasons = string.Join("; ", response.Failures.Select(f => $"{f.Property}: {f.Reason}"));
            throw new InvalidOperationException($"{token} failed: {reasons}");
        }
        return response.Return ?? new Struct();
    }

    public async Task RegisterOutputsAsync(Struct outputs) =>
        await monitor.RegisterResourceOutputsAsync(new RegisterResourceOutputsRequest { Urn = _componentUrn, Outputs = outputs }, cancellationToken: cancellationToken);
}
