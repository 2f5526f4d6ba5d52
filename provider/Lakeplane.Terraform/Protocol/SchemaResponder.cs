using Lakeplane.Protos.Tfplugin6;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// GetMetadata and GetProviderSchema: built once per process (terraform asks on every launch,
/// often several times), then served from memory.
/// </summary>
public sealed class SchemaResponder(ProviderCatalog catalog)
{
    private readonly Lazy<GetProviderSchema.Types.Response> _schema = new(() => BuildSchema(catalog));
    private readonly Lazy<GetMetadata.Types.Response> _metadata = new(() => BuildMetadata(catalog));

    public GetProviderSchema.Types.Response GetProviderSchema() => _schema.Value;

    public GetMetadata.Types.Response GetMetadata() => _metadata.Value;

    /// <summary>
    /// No plan_destroy: destroy needs no plan from us. get_provider_schema_optional stays false:
    /// terraform then asks every launch, which costs little once cached here.
    /// </summary>
    private static ServerCapabilities Capabilities() => new();

    private static GetProviderSchema.Types.Response BuildSchema(ProviderCatalog catalog)
    {
        var response = new GetProviderSchema.Types.Response
        {
            Provider = SchemaTranslator.ToProto(catalog.ProviderSchema, 0),
            ServerCapabilities = Capabilities(),
        };
        foreach (var (typeName, resource) in catalog.Resources)
        {
            var schema = TimeoutsBlock.SchemaOf(resource);
            response.ResourceSchemas[typeName] = SchemaTranslator.ToProto(schema.Root, schema.Version);
        }
        foreach (var (typeName, dataSource) in catalog.DataSources)
        {
            response.DataSourceSchemas[typeName] = SchemaTranslator.ToProto(dataSource.Schema, 0);
        }
        foreach (var (typeName, ephemeral) in catalog.EphemeralResources)
        {
            response.EphemeralResourceSchemas[typeName] = SchemaTranslator.ToProto(ephemeral.Schema, 0);
        }
        return response;
    }

    private static GetMetadata.Types.Response BuildMetadata(ProviderCatalog catalog)
    {
        var response = new GetMetadata.Types.Response { ServerCapabilities = Capabilities() };
        foreach (var typeName in catalog.Resources.Keys)
        {
            response.Resources.Add(new GetMetadata.Types.ResourceMetadata { TypeName = typeName });
        }
        foreach (var typeName in catalog.DataSources.Keys)
        {
            response.DataSources.Add(new GetMetadata.Types.DataSourceMetadata { TypeName = typeName });
        }
        foreach (var typeName in catalog.EphemeralResources.Keys)
        {
            response.EphemeralResources.Add(new GetMetadata.Types.EphemeralMetadata { TypeName = typeName });
        }
        return response;
    }
}
