using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Values;
using AttributePath = Lakeplane.Resources.Model.AttributePath;
using Diagnostic = Lakeplane.Resources.Model.Diagnostic;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// UpgradeResourceState: terraform hands over each resource's stored JSON state, with the
/// schema version it was written under, before every plan. Current-version state is decoded
/// against today's schema; older state is decoded without one, so the resource's upgrade sees
/// every stored attribute, and then shaped to today's schema.
/// </summary>
public sealed class StateUpgrade(ProviderCatalog catalog, ProviderSession session)
{
    public UpgradeResourceState.Types.Response Upgrade(UpgradeResourceState.Types.Request request)
    {
        var diagnostics = new Diagnostics();
        var response = new UpgradeResourceState.Types.Response();
        try
        {
            var resource = catalog.RequireResource(request.TypeName);
            var schema = TimeoutsBlock.SchemaOf(resource);
            var type = schema.Root.ValueType();
            var upgraded = Decode(resource, request, type);
            response.UpgradedState = DynamicValueCodec.Encode(
                upgraded is null ? null : TerraformValueShape.Outgoing(schema.Root, upgraded, resolveUnknowns: true), type);
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, null, session.StopRequested));
        }
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }

    private static ObjectValue? Decode(ResourceDefinition resource, UpgradeResourceState.Types.Request request, ObjectType type)
    {
        var json = request.RawState?.Json;
        if (json is null || json.IsEmpty)
        {
            if (request.RawState?.Flatmap.Count > 0)
            {
                throw new ResourceException(Diagnostic.Error(
                    "Legacy state format",
                    "This state was written in Terraform 0.11's flatmap format, which lakeplane never used. Remove the resource from state and import it."));
            }
            return null;
        }

        var version = resource.Schema.Version;
        if (request.Version > version)
        {
            throw new ResourceException(Diagnostic.Error(
                "State from a newer provider",
                $"This {request.TypeName} was stored by a provider with schema version {request.Version}; this one knows up to {version}. Use that provider version or newer."));
        }
        if (request.Version == version)
        {
            return JsonValueDecoder.Decode(json.Memory, type) as ObjectValue;
        }

        if (JsonValueDecoder.DecodeUntyped(json.Memory) is not ObjectValue stored)
        {
            return null;
        }
        return ValueConformer.Conform(resource.UpgradeState(request.Version, stored), type, AttributePath.Root) as ObjectValue;
    }
}
