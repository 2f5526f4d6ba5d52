using Lakeplane.Protos.Client;
using Lakeplane.Resources;
using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// The provider as terraform addresses it: its configuration schema and how a configuration
/// becomes a daemon connection, and every resource, data source and ephemeral resource under its type name
/// ("network" → lakeplane_network).
/// </summary>
public sealed class ProviderCatalog
{
    public const string TypeNamePrefix = "lakeplane_";

    private readonly Func<ObjectValue, Diagnostics, LakeplaneConnection?> _configure;

    public ProviderCatalog(
        ObjectSchema providerSchema,
        Func<ObjectValue, Diagnostics, LakeplaneConnection?> configure,
        IEnumerable<ResourceDefinition> resources,
        IEnumerable<DataSourceDefinition> dataSources,
        IEnumerable<EphemeralResourceDefinition> ephemeralResources)
    {
        ProviderSchema = providerSchema;
        _configure = configure;
        Resources = resources.ToDictionary(r => TypeNamePrefix + r.Name, StringComparer.Ordinal);
        DataSources = dataSources.ToDictionary(d => TypeNamePrefix + d.Name, StringComparer.Ordinal);
        EphemeralResources = ephemeralResources.ToDictionary(e => TypeNamePrefix + e.Name, StringComparer.Ordinal);
    }

    public ObjectSchema ProviderSchema { get; }

    public IReadOnlyDictionary<string, ResourceDefinition> Resources { get; }

    public IReadOnlyDictionary<string, DataSourceDefinition> DataSources { get; }

    public IReadOnlyDictionary<string, EphemeralResourceDefinition> EphemeralResources { get; }

    /// <summary>The real provider, as terraform-provider-lakeplane serves it.</summary>
    public static ProviderCatalog Lakeplane()
    {
        var provider = new LakeplaneProvider();
        return new ProviderCatalog(provider.ConfigSchema, provider.Configure, provider.Resources, provider.DataSources, provider.EphemeralResources);
    }

    /// <summary>A connection for a configuration with every value known; null with diagnostics otherwise.</summary>
    public LakeplaneConnection? Configure(ObjectValue config, Diagnostics diagnostics) => _configure(config, diagnostics);

    public ResourceDefinition RequireResource(string typeName) =>
        Resources.TryGetValue(typeName, out var resource) ? resource
        : throw new ResourceException(Diagnostic.Error("Unknown resource type", $"The lakeplane provider has no resource type \"{typeName}\"."));

    public DataSourceDefinition RequireDataSource(string typeName) =>
        DataSources.TryGetValue(typeName, out var dataSource) ? dataSource
        : throw new ResourceException(Diagnostic.Error("Unknown data source", $"The lakeplane provider has no data source \"{typeName}\"."));

    public EphemeralResourceDefinition RequireEphemeralResource(string typeName) =>
        EphemeralResources.TryGetValue(typeName, out var ephemeral) ? ephemeral
        : throw new ResourceException(Diagnostic.Error("Unknown ephemeral resource", $"The lakeplane provider has no ephemeral resource \"{typeName}\"."));
}
