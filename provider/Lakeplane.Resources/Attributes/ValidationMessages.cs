using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// How validators word what they find: the rule that was broken and how to satisfy it. Values
/// are never echoed, because a validator cannot know whether its attribute is secret; terraform
/// already shows the offending line and the variables it uses.
/// </summary>
internal static class ValidationMessages
{
    public static void Invalid(Diagnostics diagnostics, AttributePath path, string rule) =>
        diagnostics.AddError($"Invalid {Name(path)}", $"\"{path}\" {rule}", path);

    /// <summary>The attribute's own name, without the block it sits in: "timeouts.create" → "create".</summary>
    private static string Name(AttributePath path) =>
        path.Steps.OfType<AttributeStep>().LastOrDefault()?.Name ?? "value";
}
