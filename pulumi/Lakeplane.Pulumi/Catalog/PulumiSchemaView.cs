using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Catalog;

/// <summary>
/// A resource's schema as Pulumi programs see it. The `timeouts` block is Terraform's idiom for
/// how long to wait; Pulumi has the customTimeouts resource option for that, which arrives as
/// the request's timeout. So the block is not a Pulumi property: it is filled from the request
/// (see <see cref="WithTimeout"/>) and never appears in the package schema, inputs or state.
/// </summary>
public static class PulumiSchemaView
{
    public const string TimeoutsBlock = "timeouts";

    public static ObjectSchema Of(ObjectSchema schema) =>
        schema.FindBlock(TimeoutsBlock) is null ? schema : schema with { Blocks = schema.Blocks.Where(b => b.Name != TimeoutsBlock).ToArray() };

    /// <summary>The plan with a customTimeouts value (seconds) set for <paramref name="operation"/> (create, update, delete).</summary>
    public static ObjectValue WithTimeout(ObjectSchema schema, ObjectValue planned, string operation, double timeoutSeconds)
    {
        var block = schema.FindBlock(TimeoutsBlock);
        if (timeoutSeconds <= 0 || block?.Object.FindAttribute(operation) is null)
        {
            return planned;
        }
        var timeouts = planned[TimeoutsBlock] as ObjectValue ?? ObjectValue.Empty;
        var seconds = (long)Math.Ceiling(timeoutSeconds);
        return planned.With(TimeoutsBlock, timeouts.With(operation, Value.Of($"{seconds}s")));
    }
}
