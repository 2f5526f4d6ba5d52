using System.Text;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Protocol;
using Proto = Lakeplane.Protos.Tfplugin6;

namespace Lakeplane.Terraform.Tests.Protocol;

/// <summary>Model schemas, types, diagnostics and paths in the tfplugin6 forms terraform reads.</summary>
public sealed class TranslationTests
{
    [Theory]
    [InlineData("\"string\"")]
    [InlineData("""["list","string"]""")]
    [InlineData("""["set",["map","number"]]""")]
    [InlineData("""["object",{"a":"bool","b":["list",["object",{"c":"string"}]]}]""")]
    public void Types_are_cty_type_json(string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(CtyTypeJson.Encode(Parse(expected))));
    }

    [Fact]
    public void Diagnostics_carry_every_kind_of_path_step()
    {
        var path = AttributePath.Of("custom_tags").Key("env").Attribute("x").Index(2);

        var proto = DiagnosticTranslator.ToProto(Diagnostic.Error("Bad", "Fix it", path));

        Assert.Equal(Proto.Diagnostic.Types.Severity.Error, proto.Severity);
        Assert.Equal("Bad", proto.Summary);
        Assert.Equal("Fix it", proto.Detail);
        Assert.Collection(proto.Attribute.Steps,
            s => Assert.Equal("custom_tags", s.AttributeName),
            s => Assert.Equal("env", s.ElementKeyString),
            s => Assert.Equal("x", s.AttributeName),
            s => Assert.Equal(2, s.ElementKeyInt));
    }

    [Fact]
    public void Warnings_without_a_path_have_no_attribute()
    {
        var proto = DiagnosticTranslator.ToProto(Diagnostic.Warning("Careful", "Detail"));

        Assert.Equal(Proto.Diagnostic.Types.Severity.Warning, proto.Severity);
        Assert.Null(proto.Attribute);
    }

    [Fact]
    public void Schemas_carry_flags_types_descriptions_and_nested_blocks()
    {
        var schema = new ObjectSchema
        {
            Description = "A network.",
            Attributes =
            [
                new AttributeSchema
                {
                    Name = "network_name", Type = TypeSpec.String, Required = true, Description = "The name.",
                    PlanModifiers = [new RequiresReplaceModifier("names are fixed")],
                },
                new AttributeSchema { Name = "network_id", Type = TypeSpec.String, Computed = true },
                new AttributeSchema { Name = "token_value", Type = TypeSpec.String, Optional = true, Sensitive = true, WriteOnly = true },
            ],
            Blocks =
            [
                new BlockSchema
                {
                    Name = "timeouts", Nesting = BlockNesting.Single, MaxItems = 1,
                    Object = new ObjectSchema { Attributes = [new AttributeSchema { Name = "create", Type = TypeSpec.String, Optional = true }] },
                },
            ],
        };

        var proto = SchemaTranslator.ToProto(schema, 3);

        Assert.Equal(3, proto.Version);
        Assert.Equal("A network.", proto.Block.Description);
        var name = proto.Block.Attributes.Single(a => a.Name == "network_name");
        Assert.True(name.Required);
        Assert.False(name.Optional || name.Computed);
        Assert.Equal("\"string\"", name.Type.ToStringUtf8());
        Assert.Contains("The name.", name.Description);
        Assert.Contains("replaces", name.Description);
        Assert.True(proto.Block.Attributes.Single(a => a.Name == "network_id").Computed);
        var token = proto.Block.Attributes.Single(a => a.Name == "token_value");
        Assert.True(token.Sensitive && token.WriteOnly && token.Optional);
        var timeouts = Assert.Single(proto.Block.BlockTypes);
        Assert.Equal("timeouts", timeouts.TypeName);
        Assert.Equal(Proto.Schema.Types.NestedBlock.Types.NestingMode.Single, timeouts.Nesting);
        Assert.Equal(1, timeouts.MaxItems);
        Assert.Equal("create", Assert.Single(timeouts.Block.Attributes).Name);
    }

    private static TypeSpec Parse(string json) => ParseElement(System.Text.Json.JsonDocument.Parse(json).RootElement);

    private static TypeSpec ParseElement(System.Text.Json.JsonElement element)
    {
        if (element.ValueKind == System.Text.Json.JsonValueKind.String)
        {
            return element.GetString() switch
            {
                "string" => TypeSpec.String,
                "bool" => TypeSpec.Bool,
                _ => TypeSpec.Number,
            };
        }
        var kind = element[0].GetString();
        return kind switch
        {
            "list" => TypeSpec.ListOf(ParseElement(element[1])),
            "set" => TypeSpec.SetOf(ParseElement(element[1])),
            "map" => TypeSpec.MapOf(ParseElement(element[1])),
            _ => TypeSpec.ObjectOf(element[1].EnumerateObject().Select(p => new KeyValuePair<string, TypeSpec>(p.Name, ParseElement(p.Value))).ToList()),
        };
    }
}
