using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Catalog;

/// <summary>
/// A Pulumi component (multi-language component) this provider serves through Construct: its
/// token, its inputs and outputs described in the model's schema vocabulary (so the package
/// schema is generated the same way as for resources), and how it registers its children.
/// </summary>
public abstract class ComponentDefinition
{
    /// <summary>Full type token, e.g. lakeplane:aws:WorkspaceStack.</summary>
    public abstract string Token { get; }

    public abstract string Description { get; }

    /// <summary>Required/optional attributes are the component's inputs.</summary>
    public abstract ObjectSchema Inputs { get; }

    /// <summary>The outputs it registers (RegisterResourceOutputs) and returns as state.</summary>
    public abstract ObjectSchema Outputs { get; }

    public abstract Task<ConstructResponse> ConstructAsync(ConstructRequest request, ConstructContext context, CancellationToken cancellationToken);
}

/// <summary>What Construct gets beyond the request: the engine's ResourceMonitor and the provider's configuration.</summary>
public sealed record ConstructContext(ResourceMonitor.ResourceMonitorClient Monitor, string? AccountId, Action<string> Log);
