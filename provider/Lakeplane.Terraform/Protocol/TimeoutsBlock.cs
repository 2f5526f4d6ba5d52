using System.Runtime.CompilerServices;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// Terraform's `timeouts { create = "20m" update = "20m" delete = "20m" }` block, as in the
/// Databricks and AWS providers: how a Terraform configuration asks for an operation deadline
/// other than the resource's default (<see cref="ResourceDefinition.DefaultDeadlines"/>). It
/// exists only on this side: every resource whose operations wait gets the block in its
/// Terraform schema, the block's value is kept in state exactly as written, and the model sees
/// only the deadline it asks for (<see cref="ResourceContext.RequestedDeadline"/>).
/// </summary>
public static class TimeoutsBlock
{
    public const string Name = "timeouts";

    private static readonly ConditionalWeakTable<ResourceDefinition, ResourceSchema> Schemas = [];

    /// <summary>The resource's schema as Terraform sees it: the model's, plus the timeouts block when its operations wait.</summary>
    public static ResourceSchema SchemaOf(ResourceDefinition resource) =>
        resource.DefaultDeadlines is not { } defaults
            ? resource.Schema
            : Schemas.GetValue(resource, r => r.Schema with { Root = r.Schema.Root with { Blocks = [.. r.Schema.Root.Blocks, Block(defaults)] } });

    public static BlockSchema Block(OperationDeadlines defaults) => new()
    {
        Name = Name,
        Nesting = BlockNesting.Single,
        Description = "How long to wait for operations to finish.",
        Object = new ObjectSchema
        {
            Attributes =
            [
                Attr.String("create").Optional().Validate(Validators.Duration).Describe($"Default {Format(defaults.Create)}."),
                Attr.String("update").Optional().Validate(Validators.Duration).Describe($"Default {Format(defaults.Update)}."),
                Attr.String("delete").Optional().Validate(Validators.Duration).Describe($"Default {Format(defaults.Delete)}."),
            ],
        },
    };

    /// <summary>The deadline a plan or state asks for <paramref name="operation"/>; null when it asks for none (the resource's default applies).</summary>
    public static TimeSpan? Requested(ObjectValue? value, ResourceOperation operation) =>
        value?[Name] is ObjectValue block
        && block[OperationDeadlines.NameOf(operation)] is StringValue text
        && GoDuration.TryParse(text.Value, out var duration)
        && duration > TimeSpan.Zero
            ? duration
            : null;

    /// <summary>A value without the block: what the model is given.</summary>
    public static ObjectValue Without(ObjectValue value) =>
        value.Attributes.ContainsKey(Name) ? new ObjectValue(value.Attributes.Where(a => a.Key != Name).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal)) : value;

    /// <summary>The model's <paramref name="result"/> with the block as <paramref name="writtenIn"/> has it (the plan, or
    /// the prior state): the block is kept in state exactly as the configuration wrote it.</summary>
    public static ObjectValue CarriedOver(ResourceDefinition resource, ObjectValue result, ObjectValue? writtenIn) =>
        resource.DefaultDeadlines is null ? result : result.With(Name, writtenIn?[Name] ?? Value.Null);

    private static string Format(TimeSpan duration) =>
        duration.TotalMinutes >= 1 && duration.Seconds == 0 ? $"{(int)duration.TotalMinutes}m" : $"{(int)duration.TotalSeconds}s";
}
