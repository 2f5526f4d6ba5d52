using Lakeplane.Pulumi.Tests.Support;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Model;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;
using Value = Lakeplane.Resources.Model.Value;

namespace Lakeplane.Pulumi.Tests.Values;

/// <summary>Pulumi's property encoding ↔ the model's values, in-process.</summary>
public sealed class PropertyCodecTests
{
    private static readonly ObjectSchema Schema = new()
    {
        Attributes =
        [
            new AttributeSchema { Name = "network_name", Type = TypeSpec.String, Required = true },
            new AttributeSchema { Name = "subnet_ids", Type = TypeSpec.SetOf(TypeSpec.String), Required = true },
            new AttributeSchema { Name = "custom_tags", Type = TypeSpec.MapOf(TypeSpec.String), Optional = true },
            new AttributeSchema { Name = "workspace_id", Type = TypeSpec.Number, Optional = true },
            new AttributeSchema { Name = "enabled", Type = TypeSpec.Bool, Optional = true },
            new AttributeSchema { Name = "token_value", Type = TypeSpec.String, Computed = true, Sensitive = true },
            new AttributeSchema { Name = "password", Type = TypeSpec.String, Optional = true, WriteOnly = true },
        ],
    };

    private static DecodedProperties Decode(params (string Key, object? Value)[] fields) =>
        PropertyDecoder.Decode(Props.Of(fields), Schema.ValueType());

    [Fact]
    public void CamelCase_keys_become_attributes_and_map_keys_stay_as_written()
    {
        var decoded = Decode(("networkName", "n"), ("customTags", Props.Of(("cost_center", "data"))));

        Assert.Equal("n", ((StringValue)decoded.Value["network_name"]).Value);
        var tags = (ObjectValue)decoded.Value["custom_tags"];
        Assert.Equal(["cost_center"], tags.Attributes.Keys);
        Assert.Empty(decoded.UnknownKeys);
    }

    [Fact]
    public void Every_unknown_sentinel_and_an_output_without_value_decode_as_unknown()
    {
        foreach (var sentinel in PropertySentinels.Unknowns)
        {
            Assert.True(Decode(("networkName", ProtoValue.ForString(sentinel))).Value["network_name"].IsUnknown, sentinel);
        }
        Assert.True(Decode(("networkName", Props.Output(null, known: false))).Value["network_name"].IsUnknown);
        var list = (CollectionValue)Decode(("subnetIds", new object[] { "a", Props.Unknown })).Value["subnet_ids"];
        Assert.True(list.Elements[1].IsUnknown);
    }

    [Fact]
    public void Secrets_anywhere_in_an_attribute_are_remembered_and_go_back_out_as_secrets()
    {
        var decoded = Decode(
            ("networkName", "n"),
            ("subnetIds", new object[] { "a", Props.Secret("b") }),
            ("customTags", Props.Output(Props.Of(("team", "x")), secret: true)));

        Assert.Equal(["custom_tags", "subnet_ids"], decoded.SecretAttributes.Order(StringComparer.Ordinal));
        var encoded = PropertyEncoder.Encode(decoded.Value, Schema, decoded.SecretAttributes);
        Assert.True(Props.IsSecret(encoded.Fields["subnetIds"]));
        Assert.True(Props.IsSecret(encoded.Fields["customTags"]));
        Assert.False(Props.IsSecret(encoded.Fields["networkName"]));
    }

    [Fact]
    public void Sensitive_attributes_are_secret_on_the_way_out_and_write_only_ones_never_leave()
    {
        var state = new ObjectValue(new Dictionary<string, Value>
        {
            ["network_name"] = Value.Of("n"),
            ["token_value"] = Value.Of("dapi-123"),
            ["password"] = Value.Of("hunter2"),
        });

        var encoded = PropertyEncoder.Encode(state, Schema, new HashSet<string>());

        Assert.True(Props.IsSecret(encoded.Fields["tokenValue"]));
        Assert.Equal("dapi-123", Props.Unsecret(encoded.Fields["tokenValue"]).StringValue);
        Assert.False(encoded.Fields.ContainsKey("password"));
    }

    [Fact]
    public void A_resource_reference_stands_for_its_id_and_unknown_until_it_has_one()
    {
        Assert.Equal("net-1", ((StringValue)Decode(("networkName", Props.ResourceReference("urn:a", "net-1"))).Value["network_name"]).Value);
        Assert.True(Decode(("networkName", Props.ResourceReference("urn:a", ""))).Value["network_name"].IsUnknown);
        Assert.True(Decode(("networkName", Props.ResourceReference("urn:a", PropertySentinels.UnknownString))).Value["network_name"].IsUnknown);
        Assert.Equal("urn:component", ((StringValue)Decode(("networkName", Props.ResourceReference("urn:component", null))).Value["network_name"]).Value);
    }

    [Fact]
    public void Large_ids_survive_the_double_exactly_and_numbers_written_as_strings_convert()
    {
        Assert.Equal(1234567890123456m, ((NumberValue)Decode(("workspaceId", 1234567890123456L)).Value["workspace_id"]).Value);
        Assert.Equal(42m, ((NumberValue)Decode(("workspaceId", "42")).Value["workspace_id"]).Value);
        Assert.True(((BoolValue)Decode(("enabled", "true")).Value["enabled"]).Value);
        Assert.Equal(1234567890123456d, PropertyEncoder.EncodeValue(Value.Of(1234567890123456L), TypeSpec.Number).NumberValue);
    }

    [Fact]
    public void Nulls_and_absent_keys_are_null_and_unknown_goes_out_as_the_sentinel()
    {
        var decoded = Decode(("networkName", null));

        Assert.True(decoded.Value["network_name"].IsNull);
        Assert.True(decoded.Value["custom_tags"].IsNull);
        Assert.Equal(PropertySentinels.UnknownString, PropertyEncoder.EncodeValue(Value.Unknown, TypeSpec.String).StringValue);
        Assert.Equal(ProtoValue.KindOneofCase.NullValue, PropertyEncoder.EncodeValue(Value.Null, TypeSpec.String).KindCase);
    }

    [Fact]
    public void Values_that_do_not_fit_name_their_property()
    {
        var asset = Props.Of((PropertySentinels.SignatureKey, PropertySentinels.AssetSignature), ("path", "/tmp/x"));

        var assetError = Assert.Throws<PropertyCodecException>(() => Decode(("networkName", asset)));
        var shapeError = Assert.Throws<PropertyCodecException>(() => Decode(("subnetIds", "subnet-a")));

        Assert.Equal("networkName", assetError.Property);
        Assert.Equal("subnetIds", shapeError.Property);
        Assert.Contains("must be a list", shapeError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Engine_internal_keys_are_skipped_and_unknown_keys_reported()
    {
        var decoded = Decode(("networkName", "n"), ("__defaults", new[] { "x" }), ("vpc", "v"));

        Assert.Equal(["vpc"], decoded.UnknownKeys);
    }
}
