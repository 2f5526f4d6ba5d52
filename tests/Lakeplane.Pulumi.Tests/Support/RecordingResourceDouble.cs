using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Tests.Support;

/// <summary>
/// A test double of a resource definition: records what the adapter hands it (planned values,
/// deadlines) and answers from memory, so adapter behaviour that needs no daemon — init failures,
/// customTimeouts, import versus refresh — is tested in-process.
/// </summary>
public sealed class RecordingResourceDouble : ResourceDefinition
{
    public const string TokenName = "lakeplane:index:Gadget";

    private readonly Dictionary<string, ObjectValue> _objects = [];

    public override string Name => "gadget";

    public override string IdAttribute => "gadget_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Attributes =
        [
            new AttributeSchema { Name = "gadget_name", Type = TypeSpec.String, Required = true, PlanModifiers = [new RequiresReplaceModifier("names are fixed")] },
            new AttributeSchema { Name = "secret_key", Type = TypeSpec.String, Optional = true },
            new AttributeSchema { Name = "size", Type = TypeSpec.Number, Optional = true, Computed = true, Default = Value.Of(3) },
            new AttributeSchema { Name = "gadget_id", Type = TypeSpec.String, Computed = true, PlanModifiers = [new UseStateForUnknownModifier()] },
            new AttributeSchema { Name = "status", Type = TypeSpec.String, Computed = true },
        ],
    });

    public override OperationDeadlines DefaultDeadlines { get; } = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5));

    /// <summary>When set, Create leaves the object half made and says so.</summary>
    public bool FailAfterCreating { get; set; }

    public List<ObjectValue> Planned { get; } = [];

    /// <summary>The deadline each create, update and delete was given (null: the program asked for none).</summary>
    public List<TimeSpan?> RequestedDeadlines { get; } = [];

    public List<string> Imported { get; } = [];

    public override Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        Planned.Add(planned);
        RequestedDeadlines.Add(context.RequestedDeadline);
        var id = $"g-{_objects.Count + 1}";
        var state = planned.With("gadget_id", Value.Of(id)).With("status", Value.Of(FailAfterCreating ? "BROKEN" : "READY"));
        _objects[id] = state;
        if (FailAfterCreating)
        {
            throw new IncompleteOperationException(Diagnostic.Error("Gadget not ready", "it was created but never became READY"), state);
        }
        return Task.FromResult(state);
    }

    public override Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.GetValueOrDefault(((StringValue)state["gadget_id"]).Value));

    public override Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken)
    {
        Planned.Add(planned);
        RequestedDeadlines.Add(context.RequestedDeadline);
        var state = planned.With("status", Value.Of("READY"));
        _objects[((StringValue)prior["gadget_id"]).Value] = state;
        return Task.FromResult(state);
    }

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        Planned.Add(state);
        RequestedDeadlines.Add(context.RequestedDeadline);
        _objects.Remove(((StringValue)state["gadget_id"]).Value);
        return Task.CompletedTask;
    }

    public override Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        Imported.Add(id);
        return Task.FromResult(_objects.GetValueOrDefault(id));
    }
}
