using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Lakeplane.Pulumi.Values;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Lakeplane.Pulumi.Components;

/// <summary>
/// A child the engine registered: its URN, its id and its output properties as the engine
/// returned them. In a preview outputs that are not known yet come back unknown (or absent);
/// they are passed on as unknown, never guessed.
/// </summary>
public sealed record RegisteredResource(string Urn, string Id, Struct Outputs)
{
    /// <summary>An output property to wire into another resource's inputs, secrets and unknowns kept as they are.</summary>
    public ProtoValue Output(string property) =>
        Outputs.Fields.TryGetValue(property, out var value) && value.KindCase != ProtoValue.KindOneofCase.NullValue
            ? value
            : ProtoValue.ForString(PropertySentinels.UnknownString);

    /// <summary>The id (for aws resources what other resources refer to them by); unknown until created.</summary>
    public ProtoValue IdValue => Id.Length > 0 ? ProtoValue.ForString(Id) : ProtoValue.ForString(PropertySentinels.UnknownString);
}
