using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Tests.Attributes;

public sealed class AttributeBuilderTests
{
    [Fact]
    public void Required_replace_validated_attribute_carries_every_setting()
    {
        AttributeSchema schema = Attr.String("role_arn").Required().RequiresReplace("cannot change").Validate(Validators.RoleArn).Describe("The role.");

        Assert.Equal("role_arn", schema.Name);
        Assert.Equal(TypeSpec.String, schema.Type);
        Assert.True(schema.Required);
        Assert.False(schema.Optional || schema.Computed);
        Assert.True(schema.RequiresReplace);
        Assert.Equal("cannot change", Assert.IsType<RequiresReplaceModifier>(Assert.Single(schema.PlanModifiers)).Reason);
        Assert.Same(Validators.RoleArn, Assert.Single(schema.Validators));
        Assert.Equal("The role.", schema.Description);
    }

    [Fact]
    public void Computed_use_state_for_unknown_sensitive()
    {
        AttributeSchema schema = Attr.String("token_value").Computed().Sensitive().UseStateForUnknown();

        Assert.True(schema.Computed && schema.Sensitive && schema.UseStateForUnknown);
        Assert.False(schema.Required || schema.Optional);
    }

    [Fact]
    public void Collection_types_are_built_from_their_element()
    {
        AttributeSchema set = Attr.SetOf(TypeSpec.String, "subnet_ids").Required();
        AttributeSchema map = Attr.MapOf(TypeSpec.String, "custom_tags").Optional();

        Assert.Equal(TypeSpec.SetOf(TypeSpec.String), set.Type);
        Assert.Equal(TypeSpec.MapOf(TypeSpec.String), map.Type);
    }

    [Fact]
    public void A_builder_is_not_changed_by_further_calls()
    {
        var optional = Attr.String("comment").Optional();
        _ = optional.Sensitive();

        Assert.False(optional.Build().Sensitive);
    }

    [Fact]
    public void Write_only_attribute()
    {
        AttributeSchema schema = Attr.String("secret").Optional().Sensitive().WriteOnly();
        Assert.True(schema.WriteOnly);
    }

    [Theory]
    [InlineData("neither")]
    [InlineData("required-computed")]
    [InlineData("default-without-computed")]
    [InlineData("write-only-computed")]
    [InlineData("use-state-not-computed")]
    public void Contradictory_settings_fail_at_build(string contradiction)
    {
        var builder = contradiction switch
        {
            "neither" => Attr.String("x"),
            "required-computed" => Attr.String("x").Required().Computed(),
            "default-without-computed" => Attr.String("x").Optional().Default(Value.Of("a")),
            "write-only-computed" => Attr.String("x").Optional().Computed().WriteOnly(),
            _ => Attr.String("x").Optional().UseStateForUnknown(),
        };
        var error = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("\"x\"", error.Message);
    }
}
