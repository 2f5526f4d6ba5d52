using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Planning;

/// <summary>
/// What planning decided for one resource: the state it will have after apply (unknown where
/// only the daemon can say), the changed attributes that force a new object, and findings.
/// </summary>
public sealed record PlannedChange(ObjectValue Planned, IReadOnlySet<AttributePath> RequiresReplace, Diagnostics Diagnostics)
{
    /// <summary>True when the planned state differs from <paramref name="prior"/> in any attribute.</summary>
    public static bool Differs(ObjectSchema schema, ObjectValue prior, ObjectValue planned) =>
        !ValueEquality.Equal(prior, planned, schema.ValueType());
}
