using System.Text;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Tests.Support;
using Lakeplane.Terraform.Values;
using static Lakeplane.Terraform.Tests.Support.V;

namespace Lakeplane.Terraform.Tests.Values;

/// <summary>JSON as terraform stores resource state (UpgradeResourceState's raw_state) and as DynamicValue.json.</summary>
public sealed class JsonDecodingTests
{
    private static readonly ObjectType Network = ObjType(
        ("network_id", TypeSpec.String),
        ("network_name", TypeSpec.String),
        ("subnet_ids", TypeSpec.SetOf(TypeSpec.String)),
        ("custom_tags", TypeSpec.MapOf(TypeSpec.String)),
        ("creation_time", TypeSpec.Number),
        ("enabled", TypeSpec.Bool),
        ("timeouts", ObjType(("create", TypeSpec.String))));

    [Fact]
    public void Decodes_stored_state_exactly_with_big_numbers_kept()
    {
        const string json = """
            {"network_id":"n-1","network_name":"net","subnet_ids":["b","a"],"custom_tags":{"env":"prod"},
             "creation_time":1732492800123456789,"enabled":true,"timeouts":null}
            """;

        var decoded = JsonValueDecoder.Decode(Encoding.UTF8.GetBytes(json), Network);

        ValueAssert.Equal(Obj(
            ("network_id", S("n-1")),
            ("network_name", S("net")),
            ("subnet_ids", List(S("b"), S("a"))),
            ("custom_tags", Obj(("env", S("prod")))),
            ("creation_time", N(1732492800123456789)),
            ("enabled", B(true)),
            ("timeouts", Value.Null)), decoded);
    }

    [Fact]
    public void State_from_an_older_schema_drops_removed_attributes_and_nulls_new_ones()
    {
        const string json = """{"network_id":"n-1","old_attribute":"gone","network_name":"net"}""";

        var decoded = (ObjectValue)JsonValueDecoder.Decode(Encoding.UTF8.GetBytes(json), Network);

        Assert.Equal(Network.Attributes.Select(a => a.Key).Order(), decoded.Attributes.Keys.Order());
        ValueAssert.Equal(Value.Null, decoded["subnet_ids"]);
        Assert.False(decoded.Attributes.ContainsKey("old_attribute"));
    }

    [Fact]
    public void Untyped_decoding_keeps_everything_for_a_resource_upgrade()
    {
        const string json = """{"a":[1,"x",null],"b":{"c":false}}""";

        var decoded = JsonValueDecoder.DecodeUntyped(Encoding.UTF8.GetBytes(json));

        ValueAssert.Equal(Obj(("a", List(N(1), S("x"), Value.Null)), ("b", Obj(("c", B(false))))), decoded);
    }

    [Fact]
    public void Numbers_stored_as_strings_convert_like_cty()
    {
        var decoded = JsonValueDecoder.Decode(Encoding.UTF8.GetBytes("""{"creation_time":"42","enabled":"true"}"""), Network);

        ValueAssert.Equal(N(42), ((ObjectValue)decoded)["creation_time"]);
        ValueAssert.Equal(B(true), ((ObjectValue)decoded)["enabled"]);
    }

    [Fact]
    public void Wrong_shapes_and_broken_json_are_codec_errors_with_paths()
    {
        var wrong = Assert.Throws<ValueCodecException>(() => JsonValueDecoder.Decode(Encoding.UTF8.GetBytes("""{"subnet_ids":"a"}"""), Network));
        Assert.Equal("subnet_ids", wrong.Path.ToString());

        Assert.Throws<ValueCodecException>(() => JsonValueDecoder.Decode(Encoding.UTF8.GetBytes("{\"network_id\":"), Network));
    }
}
