using Lakeplane.Resources.Model;

namespace Lakeplane.Terraform.Tests.Support;

/// <summary>Short builders for test values and types.</summary>
public static class V
{
    public static Value S(string value) => new StringValue(value);

    public static Value N(decimal value) => new NumberValue(value);

    public static Value B(bool value) => new BoolValue(value);

    public static Value List(params Value[] elements) => new CollectionValue(elements);

    public static ObjectValue Obj(params (string Name, Value Value)[] attributes) =>
        new(attributes.ToDictionary(a => a.Name, a => a.Value));

    public static ObjectType ObjType(params (string Name, TypeSpec Type)[] attributes) =>
        new(attributes.Select(a => new KeyValuePair<string, TypeSpec>(a.Name, a.Type)).ToList());

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    public static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
