using System.Globalization;
using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Values;

/// <summary>
/// Numbers as decimal text: how go-cty writes a number that is neither an exact int64 nor an
/// exact float64 (0.1, 2^70), and how we write every non-integer, because go-cty parses it back
/// exactly while a float would round.
/// </summary>
internal static class NumberText
{
    public static NumberValue Parse(string text, AttributePath path)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new NumberValue(number);
        }
        throw new ValueCodecException($"\"{text}\" is not a number this provider can represent", path);
    }

    public static string Format(decimal number) => number.ToString(CultureInfo.InvariantCulture);
}
