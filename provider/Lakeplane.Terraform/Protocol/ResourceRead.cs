using Lakeplane.Protos.Client.RefreshSnapshots;
using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Values;
using Microsoft.Extensions.Logging;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// ReadResource (refresh): the object as the daemon has it now, so out-of-band changes show as
/// drift. Gone means null state, which makes terraform drop it and plan its re-creation. On
/// failure the state terraform sent is returned untouched: an unreachable daemon must never
/// make terraform forget a real object.
/// </summary>
public sealed class ResourceRead(ProviderCatalog catalog, ProviderSession session, ILogger<ResourceRead> logger)
{
    public async Task<ReadResource.Types.Response> ReadAsync(ReadResource.Types.Request request, CancellationToken callCancelled)
    {
        var diagnostics = new Diagnostics();
        var response = new ReadResource.Types.Response { NewState = request.CurrentState, Private = request.Private };
        ObjectSchema? schema = null;
        try
        {
            var resource = catalog.RequireResource(request.TypeName);
            schema = TimeoutsBlock.SchemaOf(resource).Root;
            var type = schema.ValueType();
            var current = DynamicValueCodec.DecodeObject(request.CurrentState, type);
            if (current is null)
            {
                return response;
            }
            using var cancellation = session.LinkToStop(callCancelled);
            // A refresh: the daemon's Gets of listed types may be answered from one List per type (ListedReadSnapshots).
            using var refresh = RefreshScope.Enter();
            var refreshed = await resource.ReadAsync(session.RequireContext(), TimeoutsBlock.Without(current), cancellation.Token);
            if (refreshed is null)
            {
                logger.LogInformation("{Type} no longer exists; removing it from state", request.TypeName);
            }
            response.NewState = DynamicValueCodec.Encode(
                refreshed is null ? null : TerraformValueShape.Outgoing(schema, TimeoutsBlock.CarriedOver(resource, refreshed, current), resolveUnknowns: true), type);
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, schema, session.StopRequested));
            response.NewState = request.CurrentState;
        }
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }
}
