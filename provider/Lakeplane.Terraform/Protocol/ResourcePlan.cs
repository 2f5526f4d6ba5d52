using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Lakeplane.Terraform.Values;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// PlanResourceChange: the model's planner decides the planned state and which changed
/// attributes force replacement; terraform shows those as "# forces replacement". A null
/// proposed state is a destroy, planned as null. Planning never calls the daemon.
/// </summary>
public sealed class ResourcePlan(ProviderCatalog catalog, ProviderSession session)
{
    public PlanResourceChange.Types.Response Plan(PlanResourceChange.Types.Request request)
    {
        var diagnostics = new Diagnostics();
        var response = new PlanResourceChange.Types.Response { PlannedPrivate = request.PriorPrivate };
        ObjectSchema? schema = null;
        try
        {
            var resource = catalog.RequireResource(request.TypeName);
            schema = TimeoutsBlock.SchemaOf(resource).Root;
            var type = schema.ValueType();
            var prior = DynamicValueCodec.DecodeObject(request.PriorState, type);
            var proposed = DynamicValueCodec.DecodeObject(request.ProposedNewState, type);
            if (proposed is null)
            {
                response.PlannedState = DynamicValueCodec.Encode(null, type);
            }
            else
            {
                var config = DynamicValueCodec.DecodeObject(request.Config, type) ?? proposed;
                // The model plans without the timeouts block; the plan keeps it as the configuration writes it.
                var plan = ResourcePlanner.Plan(resource, prior is null ? null : TimeoutsBlock.Without(prior), TimeoutsBlock.Without(config));
                diagnostics.AddRange(plan.Diagnostics.Items);
                var planned = TimeoutsBlock.CarriedOver(resource, plan.Planned, config);
                response.PlannedState = DynamicValueCodec.Encode(TerraformValueShape.Outgoing(schema, planned, resolveUnknowns: false), type);
                // Replacement only means something against an existing object; a create has none.
                if (prior is not null)
                {
                    response.RequiresReplace.AddRange(plan.RequiresReplace.Select(DiagnosticTranslator.ToProto));
                }
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
