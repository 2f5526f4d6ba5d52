using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Planning;

/// <summary>
/// The checks every configuration goes through before planning, for Terraform's Validate*Config
/// and Pulumi's Check alike: required attributes present, computed-only attributes absent,
/// nested block counts, and each attribute's validators on its known values. Unknown values
/// are skipped: they are checked again once known, at plan or apply time.
/// </summary>
public static class ConfigValidator
{
    public static void Validate(ObjectSchema schema, ObjectValue config, Diagnostics diagnostics) =>
        ValidateObject(schema, config, AttributePath.Root, diagnostics);

    private static void ValidateObject(ObjectSchema schema, ObjectValue config, AttributePath path, Diagnostics diagnostics)
    {
        foreach (var attribute in schema.Attributes)
        {
            ValidateAttribute(attribute, config[attribute.Name], path.Attribute(attribute.Name), diagnostics);
        }
        foreach (var block in schema.Blocks)
        {
            ValidateBlock(block, config[block.Name], path.Attribute(block.Name), diagnostics);
        }
    }

    private static void ValidateAttribute(AttributeSchema attribute, Value value, AttributePath path, Diagnostics diagnostics)
    {
        if (value.IsNull)
        {
            if (attribute.Required)
            {
                diagnostics.AddError(
                    "Missing required argument",
                    $"The argument \"{path}\" is required, but no definition was found. Set it: {Describe(attribute)}",
                    path);
            }
            return;
        }
        if (attribute.Computed && !attribute.Optional && !attribute.Required)
        {
            diagnostics.AddError(
                "Value for unconfigurable attribute",
                $"\"{path}\" is set by Lakeplane and cannot be configured. Remove it from the configuration.",
                path);
            return;
        }
        if (value.IsUnknown)
        {
            return;
        }
        foreach (var validator in attribute.Validators)
        {
            validator.Validate(value, path, diagnostics);
        }
    }

    private static void ValidateBlock(BlockSchema block, Value value, AttributePath path, Diagnostics diagnostics)
    {
        switch (block.Nesting)
        {
            case BlockNesting.Single:
                if (value is ObjectValue single)
                {
                    ValidateObject(block.Object, single, path, diagnostics);
                }
                else if (value.IsNull && block.MinItems > 0)
                {
                    diagnostics.AddError("Missing required block", $"A \"{block.Name}\" block is required.", path);
                }
                break;
            default:
                if (value is not CollectionValue blocks)
                {
                    if (value.IsNull && block.MinItems > 0)
                    {
                        diagnostics.AddError("Missing required block", $"At least {block.MinItems} \"{block.Name}\" block(s) are required.", path);
                    }
                    break;
                }
                if (blocks.Elements.Count < block.MinItems || (block.MaxItems > 0 && blocks.Elements.Count > block.MaxItems))
                {
                    diagnostics.AddError(
                        "Wrong number of blocks",
                        $"\"{block.Name}\" takes {DescribeCount(block)} block(s); the configuration has {blocks.Elements.Count}.",
                        path);
                }
                for (var index = 0; index < blocks.Elements.Count; index++)
                {
                    if (blocks.Elements[index] is ObjectValue element)
                    {
                        // Set elements have no stable index; terraform points at the block itself.
                        var elementPath = block.Nesting == BlockNesting.List ? path.Index(index) : path;
                        ValidateObject(block.Object, element, elementPath, diagnostics);
                    }
                }
                break;
        }
    }

    private static string Describe(AttributeSchema attribute) =>
        string.IsNullOrEmpty(attribute.Description) ? $"\"{attribute.Name}\" has no default." : attribute.Description;

    private static string DescribeCount(BlockSchema block) =>
        block.MaxItems > 0 ? $"{block.MinItems} to {block.MaxItems}" : $"at least {block.MinItems}";
}
