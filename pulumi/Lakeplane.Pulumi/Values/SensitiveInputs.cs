using Lakeplane.Pulumi.Catalog;
using Lakeplane.Resources.Model;
using Struct = Google.Protobuf.WellKnownTypes.Struct;

namespace Lakeplane.Pulumi.Values;

/// <summary>
/// Check's answer is what the engine stores as the resource's inputs. A sensitive input written
/// as plain text (`pulumi config set lakeplane:token ...` without --secret, a YAML literal) is
/// returned wrapped as a secret, so it is encrypted in state rather than kept in plain text.
/// </summary>
public static class SensitiveInputs
{
    public static Struct MarkSecret(Struct inputs, ObjectSchema schema)
    {
        var marked = inputs.Clone();
        foreach (var attribute in schema.Attributes.Where(a => a.Sensitive))
        {
            var key = PulumiNames.ToCamel(attribute.Name);
            if (marked.Fields.TryGetValue(key, out var value)
                && value.KindCase != Google.Protobuf.WellKnownTypes.Value.KindOneofCase.NullValue
                && !IsSecret(value))
            {
                marked.Fields[key] = PropertyEncoder.Secret(value);
            }
        }
        return marked;
    }

    private static bool IsSecret(Google.Protobuf.WellKnownTypes.Value value) =>
        value.KindCase == Google.Protobuf.WellKnownTypes.Value.KindOneofCase.StructValue
        && value.StructValue.Fields.TryGetValue(PropertySentinels.SignatureKey, out var signature)
        && signature.StringValue == PropertySentinels.SecretSignature;
}
