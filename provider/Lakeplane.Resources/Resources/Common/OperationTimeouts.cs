using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Resources.Common;

/// <summary>
/// A resource's `timeouts { create = "20m" update = "20m" delete = "20m" }` block, as in the
/// Databricks and AWS providers: how long an operation may wait for the daemon to finish
/// before giving up. Kept in state only as the user wrote it; the daemon never sees it.
/// </summary>
public sealed record OperationTimeouts(TimeSpan Create, TimeSpan Update, TimeSpan Delete)
{
    public const string BlockName = "timeouts";

    public static BlockSchema Block(OperationTimeouts defaults) => new()
    {
        Name = BlockName,
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

    /// <summary>The timeouts a plan or state asks for, each falling back to <paramref name="defaults"/>.</summary>
    public static OperationTimeouts From(ObjectValue value, OperationTimeouts defaults)
    {
        if (value[BlockName] is not ObjectValue block)
        {
            return defaults;
        }
        return new OperationTimeouts(
            Parse(block, "create", defaults.Create),
            Parse(block, "update", defaults.Update),
            Parse(block, "delete", defaults.Delete));
    }

    private static TimeSpan Parse(ObjectValue block, string name, TimeSpan fallback) =>
        block[name] is StringValue text && GoDuration.TryParse(text.Value, out var duration) && duration > TimeSpan.Zero ? duration : fallback;

    private static string Format(TimeSpan duration) =>
        duration.TotalMinutes >= 1 && duration.Seconds == 0 ? $"{(int)duration.TotalMinutes}m" : $"{(int)duration.TotalSeconds}s";
}
