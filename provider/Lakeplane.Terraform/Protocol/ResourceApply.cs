using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Values;
using Microsoft.Extensions.Logging;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// ApplyResourceChange: create (no prior), delete (no planned) or update, against the daemon.
/// State is never corrupted by a failure: a failed update or delete answers with the prior
/// state, a failed create with none, and an object that exists but did not finish (e.g. not
/// RUNNING in time) with its state and the error, which terraform keeps and marks tainted.
/// </summary>
public sealed class ResourceApply(ProviderCatalog catalog, ProviderSession session, ILogger<ResourceApply> logger)
{
    public async Task<ApplyResourceChange.Types.Response> ApplyAsync(ApplyResourceChange.Types.Request request, CancellationToken callCancelled)
    {
        var diagnostics = new Diagnostics();
        var response = new ApplyResourceChange.Types.Response { Private = request.PlannedPrivate };
        ObjectSchema? schema = null;
        ObjectType? type = null;
        ObjectValue? prior = null;
        try
        {
            var resource = catalog.RequireResource(request.TypeName);
            schema = TimeoutsBlock.SchemaOf(resource).Root;
            type = schema.ValueType();
            prior = DynamicValueCodec.DecodeObject(request.PriorState, type);
            var planned = DynamicValueCodec.DecodeObject(request.PlannedState, type);
            var config = DynamicValueCodec.DecodeObject(request.Config, type);
            var context = session.RequireContext();
            using var cancellation = session.LinkToStop(callCancelled);

            // The model sees the timeouts block only as the deadline it asks for; the new state keeps the block as planned.
            ObjectValue? result;
            if (planned is null)
            {
                logger.LogInformation("deleting {Type}", request.TypeName);
                if (prior is not null)
                {
                    var deadline = TimeoutsBlock.Requested(prior, ResourceOperation.Delete);
                    await resource.DeleteAsync(context.WithDeadline(deadline), TimeoutsBlock.Without(prior), cancellation.Token);
                }
                result = null;
            }
            else if (prior is null)
            {
                logger.LogInformation("creating {Type}", request.TypeName);
                var deadline = TimeoutsBlock.Requested(planned, ResourceOperation.Create);
                result = await resource.CreateAsync(context.WithDeadline(deadline),
                    TimeoutsBlock.Without(TerraformValueShape.WithWriteOnlyFromConfig(schema, planned, config)), cancellation.Token);
            }
            else
            {
                logger.LogInformation("updating {Type}", request.TypeName);
                var deadline = TimeoutsBlock.Requested(planned, ResourceOperation.Update);
                result = await resource.UpdateAsync(context.WithDeadline(deadline), TimeoutsBlock.Without(prior),
                    TimeoutsBlock.Without(TerraformValueShape.WithWriteOnlyFromConfig(schema, planned, config)), cancellation.Token);
            }
            response.NewState = EncodeState(schema, type, result is null ? null : TimeoutsBlock.CarriedOver(resource, result, planned));
        }
        catch (IncompleteOperationException incomplete) when (schema is not null && type is not null)
        {
            diagnostics.Add(incomplete.Diagnostic);
            var resource = catalog.RequireResource(request.TypeName);
            var planned = DynamicValueCodec.DecodeObject(request.PlannedState, type);
            response.NewState = EncodeState(schema, type, TimeoutsBlock.CarriedOver(resource, incomplete.State, planned));
        }
        catch (Exception e)
        {
            diagnostics.Add(FailureDiagnostics.From(e, schema, session.StopRequested));
            // What terraform already knew stays true: the object as it was before (or none on a failed create).
            response.NewState = request.PriorState ?? (type is null ? null : DynamicValueCodec.Encode(null, type));
        }
        response.Diagnostics.AddRange(DiagnosticTranslator.ToProto(diagnostics));
        return response;
    }

    private static DynamicValue EncodeState(ObjectSchema schema, ObjectType type, ObjectValue? state) =>
        DynamicValueCodec.Encode(state is null ? null : TerraformValueShape.Outgoing(schema, state, resolveUnknowns: true), type);
}
