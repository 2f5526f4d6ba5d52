using Google.Protobuf;
using Lakeplane.Resources.Model;
using Proto = Lakeplane.Protos.Tfplugin6;

namespace Lakeplane.Terraform.Protocol;

/// <summary>Model schemas as tfplugin6 schemas: attributes with their cty types and flags, nested blocks with nesting and counts.</summary>
public static class SchemaTranslator
{
    public static Proto.Schema ToProto(ObjectSchema schema, long version) => new()
    {
        Version = version,
        Block = ToBlock(schema, version),
    };

    private static Proto.Schema.Types.Block ToBlock(ObjectSchema schema, long version)
    {
        var block = new Proto.Schema.Types.Block
        {
            Version = version,
            Description = schema.Description,
            DescriptionKind = Proto.StringKind.Plain,
        };
        foreach (var attribute in schema.Attributes)
        {
            block.Attributes.Add(ToAttribute(attribute));
        }
        foreach (var nested in schema.Blocks)
        {
            block.BlockTypes.Add(new Proto.Schema.Types.NestedBlock
            {
                TypeName = nested.Name,
                Nesting = nested.Nesting switch
                {
                    BlockNesting.Single => Proto.Schema.Types.NestedBlock.Types.NestingMode.Single,
                    BlockNesting.List => Proto.Schema.Types.NestedBlock.Types.NestingMode.List,
                    _ => Proto.Schema.Types.NestedBlock.Types.NestingMode.Set,
                },
                MinItems = nested.MinItems,
                MaxItems = nested.MaxItems,
                Block = ToBlock(nested.Object with { Description = Describe(nested.Description, nested.Object.Description) }, 0),
            });
        }
        return block;
    }

    private static Proto.Schema.Types.Attribute ToAttribute(AttributeSchema attribute) => new()
    {
        Name = attribute.Name,
        Type = ByteString.CopyFrom(CtyTypeJson.Encode(attribute.Type)),
        Description = DescribeAttribute(attribute),
        DescriptionKind = Proto.StringKind.Plain,
        Required = attribute.Required,
        Optional = attribute.Optional,
        Computed = attribute.Computed,
        Sensitive = attribute.Sensitive,
        WriteOnly = attribute.WriteOnly,
    };

    /// <summary>The description with the rules users otherwise learn only by failing: validators and replacement.</summary>
    private static string DescribeAttribute(AttributeSchema attribute)
    {
        var parts = new List<string>();
        if (attribute.Description.Length > 0)
        {
            parts.Add(attribute.Description);
        }
        parts.AddRange(attribute.Validators.Select(v => v.Description).Where(d => d.Length > 0));
        if (attribute.RequiresReplace)
        {
            parts.Add("Changing it replaces the resource.");
        }
        return string.Join(" ", parts);
    }

    private static string Describe(string first, string second) => first.Length > 0 ? first : second;
}
