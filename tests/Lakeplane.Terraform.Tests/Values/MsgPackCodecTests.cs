using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Tests.Support;
using Lakeplane.Terraform.Values;
using static Lakeplane.Terraform.Tests.Support.V;

namespace Lakeplane.Terraform.Tests.Values;

/// <summary>
/// The msgpack codec against the exact bytes go-cty (terraform's value library) reads and
/// writes: objects as maps with every attribute in ordinal key order, unknown as extension 0,
/// refined unknown as extension 12, numbers as int, float or decimal string.
/// </summary>
public sealed class MsgPackCodecTests
{
    private static readonly ObjectType NetworkLike = ObjType(
        ("flag", TypeSpec.Bool),
        ("id", TypeSpec.Number),
        ("name", TypeSpec.String),
        ("tags", TypeSpec.MapOf(TypeSpec.String)));

    // go-cty: fixmap(4) "flag" true "id" <unknown> "name" "x" "tags" nil
    private const string NetworkLikeBytes = "84 a4666c6167 c3 a26964 d40000 a46e616d65 a178 a474616773 c0";

    [Fact]
    public void Encodes_an_object_exactly_as_go_cty_does_with_sorted_keys_unknown_and_null()
    {
        // Attributes given out of order and one missing: go-cty needs all of them, sorted.
        var value = Obj(("name", S("x")), ("id", Value.Unknown), ("flag", B(true)));

        Assert.Equal(Hex(Hex(NetworkLikeBytes)), Hex(MsgPackValueEncoder.Encode(value, NetworkLike)));
    }

    [Fact]
    public void Decodes_terraform_bytes_with_unknown_and_null()
    {
        var decoded = MsgPackValueDecoder.Decode(Hex(NetworkLikeBytes), NetworkLike);

        ValueAssert.Equal(Obj(("flag", B(true)), ("id", Value.Unknown), ("name", S("x")), ("tags", Value.Null)), decoded);
    }

    [Fact]
    public void Unknown_is_written_as_extension_zero()
    {
        Assert.Equal("d40000", Hex(MsgPackValueEncoder.Encode(Value.Unknown, TypeSpec.String)));
    }

    [Fact]
    public void Null_root_is_nil()
    {
        Assert.Equal("c0", Hex(MsgPackValueEncoder.Encode(Value.Null, NetworkLike)));
        ValueAssert.Equal(Value.Null, MsgPackValueDecoder.Decode(Hex("c0"), NetworkLike));
    }

    [Theory]
    [InlineData("c7030c8101c2")]               // refined: definitely not null (ext 12, as terraform 1.11 sends for computed attributes)
    [InlineData("c7080c8201c202a3707265")]     // refined: not null and string prefix "pre"
    [InlineData("d40000")]                     // plain unknown
    [InlineData("d50c0000")]                   // any other extension: still unknown
    public void Every_extension_reads_as_unknown(string hex)
    {
        ValueAssert.Equal(Value.Unknown, MsgPackValueDecoder.Decode(Hex(hex), TypeSpec.String));
    }

    [Theory]
    [InlineData("05", "5")]
    [InlineData("ff", "-1")]
    [InlineData("cd012c", "300")]
    [InlineData("d0ff", "-1")]
    [InlineData("d1fc18", "-1000")]
    [InlineData("d2fff0bdc0", "-1000000")]
    [InlineData("d3ffffffffffffffff", "-1")]
    [InlineData("cfffffffffffffffff", "18446744073709551615")]
    [InlineData("cb3ff8000000000000", "1.5")]
    [InlineData("ca3fc00000", "1.5")]
    [InlineData("a3302e31", "0.1")]
    [InlineData("b8313233343536373839303132333435363738393031323334", "123456789012345678901234")]
    public void Decodes_every_number_form_go_cty_writes(string hex, string expected)
    {
        var decoded = MsgPackValueDecoder.Decode(Hex(hex), TypeSpec.Number);

        ValueAssert.Equal(N(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), decoded);
    }

    [Theory]
    [InlineData("0", "00")]
    [InlineData("127", "7f")]
    [InlineData("-1", "ff")]
    [InlineData("300", "cd012c")]
    [InlineData("9223372036854775807", "cf7fffffffffffffff")]
    [InlineData("0.1", "a3302e31")]                                   // not exact in float64: decimal text, as go-cty would
    [InlineData("100000000000000000000", "b5313030303030303030303030303030303030303030")] // beyond int64
    public void Encodes_numbers_as_int_or_exact_decimal_text(string number, string hex)
    {
        var value = N(decimal.Parse(number, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(hex, Hex(MsgPackValueEncoder.Encode(value, TypeSpec.Number)));
    }

    [Fact]
    public void Set_of_objects_with_an_unknown_inside_round_trips()
    {
        var type = TypeSpec.SetOf(ObjType(("a", TypeSpec.String)));
        var value = List(Obj(("a", S("x"))), Obj(("a", Value.Unknown)));

        var bytes = MsgPackValueEncoder.Encode(value, type);

        Assert.Equal("92 81a161a178 81a161d40000".Replace(" ", ""), Hex(bytes));
        ValueAssert.Equal(value, MsgPackValueDecoder.Decode(bytes, type));
    }

    [Fact]
    public void Map_keys_are_written_in_ordinal_order()
    {
        var type = TypeSpec.MapOf(TypeSpec.String);
        var value = Obj(("b", S("2")), ("a", S("1")), ("B", S("3")));

        Assert.Equal("83 a142a133 a161a131 a162a132".Replace(" ", ""), Hex(MsgPackValueEncoder.Encode(value, type)));
    }

    [Fact]
    public void Nested_lists_maps_objects_and_blocks_round_trip()
    {
        var type = ObjType(
            ("network_name", TypeSpec.String),
            ("subnet_ids", TypeSpec.SetOf(TypeSpec.String)),
            ("custom_tags", TypeSpec.MapOf(TypeSpec.String)),
            ("counts", TypeSpec.ListOf(TypeSpec.Number)),
            ("matrix", TypeSpec.ListOf(TypeSpec.ListOf(TypeSpec.Bool))),
            ("timeouts", ObjType(("create", TypeSpec.String), ("delete", TypeSpec.String))),
            ("rule", TypeSpec.ListOf(ObjType(("port", TypeSpec.Number), ("cidrs", TypeSpec.SetOf(TypeSpec.String))))));
        var value = Obj(
            ("network_name", S("net-1")),
            ("subnet_ids", List(S("subnet-b"), S("subnet-a"))),
            ("custom_tags", Obj(("env", S("prod")), ("team", Value.Unknown))),
            ("counts", List(N(1), N(-2.5m), N(12345678901234567890m))),
            ("matrix", List(List(B(true), B(false)), List(), Value.Null)),
            ("timeouts", Obj(("create", S("20m")), ("delete", Value.Null))),
            ("rule", List(Obj(("port", N(443)), ("cidrs", List(S("10.0.0.0/8")))), Obj(("port", Value.Unknown), ("cidrs", Value.Unknown)))));

        var decoded = MsgPackValueDecoder.Decode(MsgPackValueEncoder.Encode(value, type), type);

        ValueAssert.Equal(value, decoded);
    }

    [Fact]
    public void Empty_and_null_collections_stay_distinct()
    {
        var type = ObjType(("a", TypeSpec.ListOf(TypeSpec.String)), ("b", TypeSpec.ListOf(TypeSpec.String)));
        var value = Obj(("a", List()), ("b", Value.Null));

        var bytes = MsgPackValueEncoder.Encode(value, type);

        Assert.Equal("82 a161 90 a162 c0".Replace(" ", ""), Hex(bytes));
        ValueAssert.Equal(value, MsgPackValueDecoder.Decode(bytes, type));
    }

    [Fact]
    public void Decoding_fills_attributes_terraform_left_out_with_null()
    {
        var decoded = MsgPackValueDecoder.Decode(Hex("81 a46e616d65 a178"), NetworkLike);

        ValueAssert.Equal(Obj(("flag", Value.Null), ("id", Value.Null), ("name", S("x")), ("tags", Value.Null)), decoded);
    }

    [Fact]
    public void An_attribute_the_schema_does_not_have_is_an_error_naming_it()
    {
        var error = Assert.Throws<ValueCodecException>(() => MsgPackValueDecoder.Decode(Hex("81 a3626164 c3"), NetworkLike));

        Assert.Contains("\"bad\"", error.Message);
    }

    [Fact]
    public void A_type_mismatch_reports_the_attribute_path()
    {
        var type = ObjType(("outer", ObjType(("ids", TypeSpec.ListOf(TypeSpec.Number)))));
        // {"outer": {"ids": [1, "x"]}}
        var bytes = Hex("81 a56f75746572 81 a3696473 92 01 a178");

        var error = Assert.Throws<ValueCodecException>(() => MsgPackValueDecoder.Decode(bytes, type));

        Assert.Equal("outer.ids[1]", error.Path.ToString());
    }

    [Fact]
    public void Truncated_input_is_an_error_not_a_crash()
    {
        Assert.Throws<ValueCodecException>(() => MsgPackValueDecoder.Decode(Hex("84 a4666c6167"), NetworkLike));
    }

    [Fact]
    public void Encoder_drops_attributes_the_type_does_not_have()
    {
        var value = Obj(("name", S("x")), ("not_in_schema", S("y")));

        var decoded = MsgPackValueDecoder.Decode(MsgPackValueEncoder.Encode(value, NetworkLike), NetworkLike);

        ValueAssert.Equal(Obj(("flag", Value.Null), ("id", Value.Null), ("name", S("x")), ("tags", Value.Null)), decoded);
    }

    [Fact]
    public void Encoder_converts_primitives_as_cty_does_and_rejects_the_rest()
    {
        Assert.Equal("a135", Hex(MsgPackValueEncoder.Encode(N(5), TypeSpec.String)));
        Assert.Equal("05", Hex(MsgPackValueEncoder.Encode(S("5"), TypeSpec.Number)));
        Assert.Equal("c3", Hex(MsgPackValueEncoder.Encode(S("true"), TypeSpec.Bool)));
        Assert.Throws<ValueCodecException>(() => MsgPackValueEncoder.Encode(List(), TypeSpec.String));
    }

    [Fact]
    public void Strings_keep_unicode()
    {
        var value = S("zürich ✓ 東京");

        ValueAssert.Equal(value, MsgPackValueDecoder.Decode(MsgPackValueEncoder.Encode(value, TypeSpec.String), TypeSpec.String));
    }
}
