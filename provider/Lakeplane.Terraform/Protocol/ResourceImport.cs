using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Values;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// ImportResourceState (`terraform import` and import blocks): the object's own id becomes
/// its full state; terraform then reads it and plans against the configuration.
/// </summary>
public sealed class ResourceImport(ProviderCatalog catalog, ProviderSession session)
{
    public async Task<ImportResourceState.Types.Response> ImportAsync(ImportResourceState.Types.Request request, CancellationToken callCancelled)
    {
        var diagnostics = new Diagnostics();
        var response = new ImportResourceState.Types.Response();
        ObjectSchema? schema = null;
        try
        {
            var resource = catalog.RequireResource(request.TypeName);
            schema = TimeoutsBlock.SchemaOf(resource).Root;
            using var cancellation = session.LinkToStop(callCancelled);
            var state = await resource.ImportAsync(session.RequireContext(), request.Id, cancellation.Token);
            if (state is null)
            {
                diagnostics.AddError(
                    "Cannot import non-existent object",
                    $"There is no {request.TypeName} with {resource.IdAttribute} \"{request.Id}\" in this account. " +
                    $"Import takes the object's own id (its {resource.IdAttribute}).");
            }
            else
            {
                response.ImportedResources.Add(new ImportResourceState.Types.ImportedResource
                {
                    TypeName = request.TypeName,
                    State = DynamicValueCodec.Encode(TerraformValueShape.Outgoing(schema, state, resolveUnknowns: true), schema.ValueType()),
                });
            }
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, schema, session.StopRequested));
        }
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }
}
