using Lakeplane.Protos.Client;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Catalog;

/// <summary>
/// The provider as the Pulumi engine addresses it: the configuration schema and how it becomes
/// a daemon connection, every resource under its type token (network → lakeplane:index:Network),
/// every data source as a function (current_user → lakeplane:index:getCurrentUser), and the
/// components served through Construct.
/// </summary>
public sealed class PulumiCatalog
{
    private readonly Func<ObjectValue, Diagnostics, LakeplaneConnection?> _configure;

    public PulumiCatalog(
        ObjectSchema providerSchema,
        Func<ObjectValue, Diagnostics, LakeplaneConnection?> configure,
        IEnumerable<ResourceDefinition> resources,
        IEnumerable<DataSourceDefinition> dataSources,
        IEnumerable<ComponentDefinition> components)
    {
        ProviderSchema = providerSchema;
        _configure = configure;
        Resources = resources.ToDictionary(r => PulumiNames.ResourceToken(r.Name), StringComparer.Ordinal);
        Functions = dataSources.ToDictionary(d => PulumiNames.FunctionToken(d.Name), StringComparer.Ordinal);
        Components = components.ToDictionary(c => c.Token, StringComparer.Ordinal);
    }

    public ObjectSchema ProviderSchema { get; }

    public IReadOnlyDictionary<string, ResourceDefinition> Resources { get; }

    public IReadOnlyDictionary<string, DataSourceDefinition> Functions { get; }

    public IReadOnlyDictionary<string, ComponentDefinition> Components { get; }

    /// <summary>A connection for a configuration with every value known; null with diagnostics otherwise.</summary>
    public LakeplaneConnection? Configure(ObjectValue config, Diagnostics diagnostics) => _configure(config, diagnostics);

    public ResourceDefinition RequireResource(string token) =>
        Resources.TryGetValue(token, out var resource) ? resource
        : throw new ResourceException(Diagnostic.Error("Unknown resource type", $"The lakeplane provider has no resource type \"{token}\"."));

    public DataSourceDefinition RequireFunction(string token) =>
        Functions.TryGetValue(token, out var function) ? function
        : throw new ResourceException(Diagnostic.Error("Unknown function", $"The lakeplane provider has no function \"{token}\"."));

    public ComponentDefinition RequireComponent(string token) =>
        Components.TryGetValue(token, out var component) ? component
        : throw new ResourceException(Diagnostic.Error("Unknown component", $"The lakeplane provider has no component \"{token}\"."));
}
