using System.Globalization;
using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Values;

/// <summary>
/// The primitive conversions go-cty applies when a value's type differs from the schema's
/// (a number "5" arriving as a string, a bool as "true"); anything else is a provider bug.
/// </summary>
internal static class PrimitiveConversion
{
    public static Value Convert(Value value, PrimitiveKind kind, AttributePath path)
    {
        switch (kind, value)
        {
            case (PrimitiveKind.String, StringValue):
            case (PrimitiveKind.Bool, BoolValue):
            case (PrimitiveKind.Number, NumberValue):
                return value;
            case (PrimitiveKind.String, NumberValue n):
                return new StringValue(NumberText.Format(n.Value));
            case (PrimitiveKind.String, BoolValue b):
                return new StringValue(b.Value ? "true" : "false");
            case (PrimitiveKind.Number, StringValue s):
                return NumberText.Parse(s.Value, path);
            case (PrimitiveKind.Bool, StringValue { Value: "true" }):
                return new BoolValue(true);
            case (PrimitiveKind.Bool, StringValue { Value: "false" }):
                return new BoolValue(false);
            default:
                // The value itself stays out of the message: it may be sensitive.
                throw new ValueCodecException(
                    $"a {kind.ToString().ToLower(CultureInfo.InvariantCulture)} is required, the provider produced a {value.GetType().Name}", path);
        }
    }
}
