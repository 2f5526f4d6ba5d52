using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Protocol;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Model;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Lakeplane.Pulumi.Components;

/// <summary>
/// lakeplane:index:GovernedCatalog: a catalog, its schemas and the grants on each, as one unit.
/// Grants are authoritative (lakeplane:index:Grants) and name the catalog and schemas by their
/// resources' outputs, so the engine creates them after, and deletes them before, what they are on.
/// </summary>
public sealed class GovernedCatalog : ComponentDefinition
{
    public const string Type = "lakeplane:index:GovernedCatalog";

    public override string Token => Type;

    public override string Description =>
        "A catalog with its schemas and the grants on each (authoritative per securable), composed of lakeplane:index:Catalog, Schema and Grants.";

    public override ObjectSchema Inputs => GovernedCatalogInputs.Schema;

    public override ObjectSchema Outputs { get; } = new()
    {
        Attributes =
        [
            new AttributeSchema { Name = "catalog_name", Type = TypeSpec.String, Computed = true, Description = "Name of the catalog." },
            new AttributeSchema { Name = "schema_full_names", Type = TypeSpec.ListOf(TypeSpec.String), Computed = true, Description = "Full names (catalog.schema) of its schemas, in input order." },
        ],
    };

    public override async Task<ConstructResponse> ConstructAsync(ConstructRequest request, ConstructContext context, CancellationToken cancellationToken)
    {
        var inputs = GovernedCatalogInputs.Decode(request.Inputs);
        var registrar = new ChildRegistrar(context.Monitor, request, cancellationToken);
        var componentUrn = await registrar.RegisterComponentAsync();
        var workspaceId = PropertyEncoder.EncodeValue(inputs.WorkspaceId, TypeSpec.Number);
        var name = inputs.Name;

        var catalog = await RegisterAsync(registrar, "catalog", name, Struct(
            ("workspaceId", workspaceId),
            ("name", ProtoValue.ForString(name)),
            ("comment", PropertyEncoder.EncodeValue(inputs.Comment, TypeSpec.String)),
            ("forceDestroy", PropertyEncoder.EncodeValue(inputs.ForceDestroy, TypeSpec.Bool))));
        var children = new List<Task<RegisteredResource>>();
        if (inputs.Grants.Count > 0)
        {
            children.Add(RegisterAsync(registrar, "grants", $"{name}-grants",
                Struct(("workspaceId", workspaceId), ("catalog", catalog.Output("name")), ("grant", GrantBlocks(inputs.Grants))), catalog));
        }
        var schemaTasks = inputs.Schemas.Select(async schema =>
        {
            var registered = await RegisterAsync(registrar, "schema", $"{name}-{schema.Name}", Struct(
                ("workspaceId", workspaceId),
                ("catalogName", catalog.Output("name")),
                ("name", ProtoValue.ForString(schema.Name)),
                ("comment", PropertyEncoder.EncodeValue(schema.Comment, TypeSpec.String))), catalog);
            if (schema.Grants.Count > 0)
            {
                await RegisterAsync(registrar, "grants", $"{name}-{schema.Name}-grants",
                    Struct(("workspaceId", workspaceId), ("schema", registered.Output("id")), ("grant", GrantBlocks(schema.Grants))), registered);
            }
            return registered;
        }).ToList();
        await Task.WhenAll(children);
        var schemas = await Task.WhenAll(schemaTasks);

        var state = Struct(
            ("catalogName", catalog.Output("name")),
            ("schemaFullNames", ProtoValue.ForList(schemas.Select(s => s.Output("id")).ToArray())));
        await registrar.RegisterOutputsAsync(state);
        context.Log($"GovernedCatalog {name}: registered {componentUrn}");
        var response = new ConstructResponse { Urn = componentUrn, State = state };
        response.StateDependencies["catalogName"] = new ConstructResponse.Types.PropertyDependencies { Urns = { catalog.Urn } };
        response.StateDependencies["schemaFullNames"] = new ConstructResponse.Types.PropertyDependencies { Urns = { schemas.Select(s => s.Urn) } };
        return response;
    }

    private static Task<RegisteredResource> RegisterAsync(ChildRegistrar registrar, string resource, string name, Struct inputs, params RegisteredResource[] dependsOn) =>
        registrar.RegisterAsync(PulumiNames.ResourceToken(resource), name, PulumiNames.Package, ProviderService.Version, inputs, dependsOn);

    /// <summary>The Grants resource's `grant` blocks: {principal, privileges} objects.</summary>
    private static ProtoValue GrantBlocks(IEnumerable<GovernedCatalogInputs.Grant> grants) =>
        ProtoValue.ForList(grants.Select(g => ProtoValue.ForStruct(Struct(
            ("principal", PropertyEncoder.EncodeValue(g.Principal, TypeSpec.String)),
            ("privileges", PropertyEncoder.EncodeValue(g.Privileges, TypeSpec.SetOf(TypeSpec.String)))))).ToArray());

    private static Struct Struct(params (string Key, ProtoValue Value)[] fields)
    {
        var result = new Struct();
        foreach (var (key, value) in fields)
        {
            // An input left out is not sent at all, as a program that never set it would.
            if (value.KindCase != ProtoValue.KindOneofCase.NullValue)
            {
                result.Fields[key] = value;
            }
        }
        return result;
    }
}
