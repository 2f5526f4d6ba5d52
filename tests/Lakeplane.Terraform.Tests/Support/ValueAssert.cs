using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Tests.Support;

/// <summary>Strict structural equality of model values: kinds, order of list elements, exact numbers.</summary>
public static class ValueAssert
{
    public static void Equal(Value expected, Value actual) => Equal(expected, actual, "$");

    private static void Equal(Value expected, Value actual, string path)
    {
        switch (expected, actual)
        {
            case (NullValue, NullValue):
            case (UnknownValue, UnknownValue):
                return;
            case (StringValue e, StringValue a):
                Assert.True(e.Value == a.Value, $"{path}: expected \"{e.Value}\", got \"{a.Value}\"");
                return;
            case (BoolValue e, BoolValue a):
                Assert.True(e.Value == a.Value, $"{path}: expected {e.Value}, got {a.Value}");
                return;
            case (NumberValue e, NumberValue a):
                Assert.True(e.Value == a.Value, $"{path}: expected {e.Value}, got {a.Value}");
                return;
            case (CollectionValue e, CollectionValue a):
                Assert.True(e.Elements.Count == a.Elements.Count, $"{path}: expected {e.Elements.Count} elements, got {a.Elements.Count}");
                for (var i = 0; i < e.Elements.Count; i++)
                {
                    Equal(e.Elements[i], a.Elements[i], $"{path}[{i}]");
                }
                return;
            case (ObjectValue e, ObjectValue a):
                Assert.True(
                    e.Attributes.Keys.Order().SequenceEqual(a.Attributes.Keys.Order()),
                    $"{path}: expected keys [{string.Join(",", e.Attributes.Keys.Order())}], got [{string.Join(",", a.Attributes.Keys.Order())}]");
                foreach (var (key, value) in e.Attributes)
                {
                    Equal(value, a.Attributes[key], $"{path}.{key}");
                }
                return;
            default:
                Assert.Fail($"{path}: expected {expected.GetType().Name} {expected}, got {actual.GetType().Name} {actual}");
                return;
        }
    }
}
