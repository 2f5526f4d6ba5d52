using System.Globalization;
using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Any = Google.Protobuf.WellKnownTypes.Any;
using Grpc.Core;
using Lakeplane.Protos.Pulumirpc;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Planning;
using Value = Lakeplane.Resources.Model.Value;

namespace Lakeplane.Pulumi.Protocol;

/// <summary>
/// Create, Read, Update and Delete through the model's resource definitions. Previews plan only
/// (computed values come back unknown) and never touch the daemon; Read with nothing but an id
/// is an import (`pulumi import`, `Resource.get`); an object that exists but did not finish is
/// reported as ErrorResourceInitFailed so the engine keeps it in state instead of losing it.
/// </summary>
public sealed class ResourceLifecycle(PulumiCatalog catalog, ProviderSession session)
{
    public async Task<CreateResponse> CreateAsync(CreateRequest request, CancellationToken callCancelled)
    {
        var resource = catalog.RequireResource(PulumiNames.TypeOf(request.Type, request.Urn));
        var schema = resource.Schema.Root;
        var inputs = PropertyDecoder.Decode(request.Properties, schema.ValueType());
        var planned = Planned(resource, null, inputs.Value);
        if (request.Preview)
        {
            return new CreateResponse { Properties = Encode(schema, planned, inputs.SecretAttributes) };
        }
        var context = session.RequireContext().WithDeadline(CustomTimeouts.Deadline(request.Timeout));
        using var cancel = Cancellation(callCancelled, request.Timeout);
        ObjectValue state;
        try
        {
            state = await resource.CreateAsync(context, planned, cancel.Token);
        }
        catch (IncompleteOperationException incomplete)
        {
            throw InitFailed(resource, incomplete, inputs.SecretAttributes);
        }
        return new CreateResponse { Id = IdOf(resource, state), Properties = Encode(schema, state, inputs.SecretAttributes) };
    }

    public async Task<ReadResponse> ReadAsync(ReadRequest request, CancellationToken callCancelled)
    {
        var resource = catalog.RequireResource(PulumiNames.TypeOf(request.Type, request.Urn));
        var schema = resource.Schema.Root;
        var type = schema.ValueType();
        var current = PropertyDecoder.Decode(request.Properties, type);
        var oldInputs = PropertyDecoder.Decode(request.Inputs, type);
        var secrets = current.SecretAttributes.Union(oldInputs.SecretAttributes).ToHashSet(StringComparer.Ordinal);
        var context = session.RequireContext();
        using var cancel = Cancellation(callCancelled, request.Timeout);

        var isImport = request.Properties is null || request.Properties.Fields.Count == 0;
        var refreshed = isImport
            ? await resource.ImportAsync(context, request.Id, cancel.Token)
            : await resource.ReadAsync(context, WithId(resource, current.Value, request.Id), cancel.Token);
        if (refreshed is null)
        {
            // An empty id tells the engine the object is gone (refresh drops it; import fails with "not found").
            return new ReadResponse();
        }
        var inputs = InputsOf(schema, refreshed, isImport ? null : request.Inputs);
        return new ReadResponse
        {
            Id = IdOf(resource, refreshed),
            Properties = Encode(schema, refreshed, secrets),
            Inputs = Encode(schema, inputs, secrets, omitNulls: true),
        };
    }

    public async Task<UpdateResponse> UpdateAsync(UpdateRequest request, CancellationToken callCancelled)
    {
        var resource = catalog.RequireResource(PulumiNames.TypeOf(request.Type, request.Urn));
        var schema = resource.Schema.Root;
        var type = schema.ValueType();
        var prior = PropertyDecoder.Decode(request.Olds, type);
        var inputs = PropertyDecoder.Decode(request.News, type);
        var secrets = prior.SecretAttributes.Union(inputs.SecretAttributes).ToHashSet(StringComparer.Ordinal);
        var priorState = WithId(resource, prior.Value, request.Id);
        var planned = Planned(resource, priorState, inputs.Value);
        if (request.Preview)
        {
            return new UpdateResponse { Properties = Encode(schema, planned, secrets) };
        }
        var context = session.RequireContext().WithDeadline(CustomTimeouts.Deadline(request.Timeout));
        using var cancel = Cancellation(callCancelled, request.Timeout);
        ObjectValue state;
        try
        {
            state = await resource.UpdateAsync(context, priorState, planned, cancel.Token);
        }
        catch (IncompleteOperationException incomplete)
        {
            throw InitFailed(resource, incomplete, secrets);
        }
        return new UpdateResponse { Properties = Encode(schema, state, secrets) };
    }

    public async Task DeleteAsync(DeleteRequest request, CancellationToken callCancelled)
    {
        var resource = catalog.RequireResource(PulumiNames.TypeOf(request.Type, request.Urn));
        var state = PropertyDecoder.Decode(request.Properties, resource.Schema.Root.ValueType());
        var context = session.RequireContext().WithDeadline(CustomTimeouts.Deadline(request.Timeout));
        using var cancel = Cancellation(callCancelled, request.Timeout);
        await resource.DeleteAsync(context, WithId(resource, state.Value, request.Id), cancel.Token);
    }

    private static ObjectValue Planned(ResourceDefinition resource, ObjectValue? prior, ObjectValue config)
    {
        var plan = ResourcePlanner.Plan(resource, prior, config);
        var error = plan.Diagnostics.Items.FirstOrDefault(d => d.Severity == Severity.Error);
        return error is null ? plan.Planned : throw new ResourceException(error);
    }

    private Struct Encode(ObjectSchema schema, ObjectValue value, IReadOnlySet<string> secrets, bool omitNulls = false)
    {
        var encoded = PropertyEncoder.Encode(value, schema, secrets, session.AcceptSecrets);
        if (omitNulls)
        {
            foreach (var key in encoded.Fields.Where(f => f.Value.KindCase == Google.Protobuf.WellKnownTypes.Value.KindOneofCase.NullValue).Select(f => f.Key).ToList())
            {
                encoded.Fields.Remove(key);
            }
        }
        return encoded;
    }

    /// <summary>
    /// The inputs that reproduce <paramref name="state"/>: on import every settable attribute the
    /// object has (what `pulumi import` writes into the program); on refresh the inputs the
    /// program had, with their values as the daemon now reports them.
    /// </summary>
    private static ObjectValue InputsOf(ObjectSchema schema, ObjectValue state, Struct? oldInputs)
    {
        var inputs = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var attribute in schema.Attributes.Where(a => (a.Required || a.Optional) && !a.WriteOnly))
        {
            var keep = oldInputs is null
                ? !state[attribute.Name].IsNull && (attribute.Required || !attribute.Computed)
                : attribute.Required || oldInputs.Fields.ContainsKey(PulumiNames.ToCamel(attribute.Name));
            if (keep)
            {
                inputs[attribute.Name] = state[attribute.Name];
            }
        }
        foreach (var block in schema.Blocks.Where(b => !state[b.Name].IsNull))
        {
            if (oldInputs is null || oldInputs.Fields.ContainsKey(PulumiNames.ToCamel(block.Name)))
            {
                inputs[block.Name] = state[block.Name];
            }
        }
        return new ObjectValue(inputs);
    }

    /// <summary>The engine's id is authoritative: state written by an older plugin may lack the id attribute.</summary>
    private static ObjectValue WithId(ResourceDefinition resource, ObjectValue state, string id)
    {
        if (string.IsNullOrEmpty(id) || !state[resource.IdAttribute].IsNull)
        {
            return state;
        }
        var attribute = resource.Schema.Root.FindAttribute(resource.IdAttribute);
        Value idValue = attribute?.Type is PrimitiveType { Kind: PrimitiveKind.Number }
            && decimal.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? Value.Of(number)
            : Value.Of(id);
        return state.With(resource.IdAttribute, idValue);
    }

    private static string IdOf(ResourceDefinition resource, ObjectValue state) => state[resource.IdAttribute] switch
    {
        StringValue { Value.Length: > 0 } s => s.Value,
        NumberValue n => n.Value.ToString(CultureInfo.InvariantCulture),
        _ => throw new ResourceException(Diagnostic.Error(
            "No id from lakeplaned",
            $"The {resource.Name} came back without its {resource.IdAttribute}. This is a bug; please report it.")),
    };

    private ProviderFailure InitFailed(ResourceDefinition resource, IncompleteOperationException incomplete, IReadOnlySet<string> secrets)
    {
        var detail = new ErrorResourceInitFailed
        {
            Id = IdOf(resource, incomplete.State),
            Properties = Encode(resource.Schema.Root, incomplete.State, secrets),
        };
        detail.Reasons.Add(RpcFailures.Describe(incomplete.Diagnostic));
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.Unknown,
            Message = RpcFailures.Describe(incomplete.Diagnostic),
        };
        status.Details.Add(Any.Pack(detail));
        return new ProviderFailure(status.ToRpcException());
    }

    /// <summary>Cancelled by the engine hanging up, by Cancel, or after the resource's custom timeout (seconds).</summary>
    private CancellationTokenSource Cancellation(CancellationToken callCancelled, double timeoutSeconds)
    {
        var cancel = session.LinkToCancel(callCancelled);
        if (timeoutSeconds > 0)
        {
            cancel.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        }
        return cancel;
    }
}
