using System.Text;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Protocol;

namespace Lakeplane.Terraform.Documentation;

/// <summary>
/// Renders Terraform Registry style pages (docs/resources/*.md, docs/data-sources/*.md,
/// docs/ephemeral-resources/*.md) from the resource model itself, as Terraform sees it (with the
/// timeouts block of the resources that wait), so the documented arguments,
/// defaults, replace rules and validations can never drift from what the provider does. Examples are the files under examples/ that the
/// end-to-end tests validate with the real CLI.
/// </summary>
public static class RegistryDocumentation
{
    public const string ProviderName = "lakeplane";

    public static string RenderResource(ResourceDefinition resource, string? exampleHcl, string? importShell)
    {
        var typeName = ProviderName + "_" + resource.Name;
        var root = TimeoutsBlock.SchemaOf(resource).Root;
        var page = new StringBuilder();
        FrontMatter(page, typeName, "Resource", root.Description);
        page.Append("# ").Append(typeName).Append(" (Resource)\n\n");
        page.Append(root.Description).Append("\n\n");
        Example(page, exampleHcl);
        page.Append("## Schema\n\n");
        RenderObject(page, root, headingLevel: 3);
        if (importShell is not null)
        {
            page.Append("## Import\n\n");
            page.Append("Import by `").Append(resource.IdAttribute).Append("` with the CLI:\n\n");
            page.Append("```shell\n").Append(importShell.TrimEnd()).Append("\n```\n\n");
            page.Append("or with an `import` block (Terraform 1.5 and later):\n\n");
            page.Append("```terraform\nimport {\n  to = ").Append(typeName).Append(".this\n  id = \"<")
                .Append(resource.IdAttribute).Append(">\"\n}\n```\n");
        }
        return page.ToString();
    }

    public static string RenderDataSource(DataSourceDefinition dataSource, string? exampleHcl)
    {
        var typeName = ProviderName + "_" + dataSource.Name;
        var page = new StringBuilder();
        FrontMatter(page, typeName, "Data Source", dataSource.Schema.Description);
        page.Append("# ").Append(typeName).Append(" (Data Source)\n\n");
        page.Append(dataSource.Schema.Description).Append("\n\n");
        Example(page, exampleHcl);
        page.Append("## Schema\n\n");
        RenderObject(page, dataSource.Schema, headingLevel: 3);
        return page.ToString();
    }

    public static string RenderEphemeralResource(EphemeralResourceDefinition ephemeral, string? exampleHcl)
    {
        var typeName = ProviderName + "_" + ephemeral.Name;
        var page = new StringBuilder();
        FrontMatter(page, typeName, "Ephemeral Resource", ephemeral.Schema.Description);
        page.Append("# ").Append(typeName).Append(" (Ephemeral Resource)\n\n");
        page.Append(ephemeral.Schema.Description).Append("\n\n");
        page.Append("~> Ephemeral resources need Terraform 1.10 or later. Their values are never stored in plan or state, ")
            .Append("so they can be used only where Terraform accepts ephemeral values: provider blocks, write-only arguments, other ephemeral resources and locals.\n\n");
        Example(page, exampleHcl);
        page.Append("## Schema\n\n");
        RenderObject(page, ephemeral.Schema, headingLevel: 3);
        return page.ToString();
    }

    public static string RenderProvider(ObjectSchema configSchema, string? exampleHcl)
    {
        var page = new StringBuilder();
        FrontMatter(page, ProviderName, "Provider", configSchema.Description);
        page.Append("# Lakeplane Provider\n\n").Append(configSchema.Description).Append("\n\n");
        Example(page, exampleHcl);
        page.Append("## Schema\n\n");
        RenderObject(page, configSchema, headingLevel: 3);
        return page.ToString();
    }

    private static void FrontMatter(StringBuilder page, string title, string kind, string description)
    {
        page.Append("---\n");
        page.Append("page_title: \"").Append(title).Append(' ').Append(kind).Append(" - lakeplane\"\n");
        page.Append("subcategory: \"\"\n");
        page.Append("description: |-\n  ").Append(FirstSentence(description)).Append('\n');
        page.Append("---\n\n");
    }

    private static void Example(StringBuilder page, string? exampleHcl)
    {
        if (exampleHcl is null)
        {
            return;
        }
        page.Append("## Example Usage\n\n```terraform\n").Append(exampleHcl.TrimEnd()).Append("\n```\n\n");
    }

    private static void RenderObject(StringBuilder page, ObjectSchema schema, int headingLevel)
    {
        var heading = new string('#', headingLevel);
        Section(page, heading + " Required", schema.Attributes.Where(a => a.Required));
        Section(page, heading + " Optional", schema.Attributes.Where(a => a.Optional));
        Section(page, heading + " Read-Only", schema.Attributes.Where(a => a.Computed && !a.Optional && !a.Required));
        foreach (var block in schema.Blocks)
        {
            page.Append(heading).Append(" Nested block `").Append(block.Name).Append("`\n\n");
            page.Append(block.Description).Append(block.Description.Length > 0 ? "\n\n" : "");
            RenderObject(page, block.Object, Math.Min(headingLevel + 1, 6));
        }
    }

    private static void Section(StringBuilder page, string title, IEnumerable<AttributeSchema> attributes)
    {
        var list = attributes.ToList();
        if (list.Count == 0)
        {
            return;
        }
        page.Append(title).Append("\n\n");
        foreach (var attribute in list)
        {
            page.Append("- `").Append(attribute.Name).Append("` (").Append(TypeName(attribute.Type));
            if (attribute.Sensitive) page.Append(", Sensitive");
            if (attribute.WriteOnly) page.Append(", Write-only");
            page.Append(") ").Append(attribute.Description.TrimEnd());
            foreach (var validator in attribute.Validators)
            {
                page.Append(' ').Append(EndSentence(validator.Description));
            }
            if (attribute.Default is not null)
            {
                page.Append(" Defaults to `").Append(attribute.Default).Append("`.");
            }
            foreach (var replace in attribute.PlanModifiers.OfType<RequiresReplaceModifier>())
            {
                page.Append(" Changing it replaces the resource");
                page.Append(string.IsNullOrWhiteSpace(replace.Reason) ? "." : ": " + EndSentence(replace.Reason));
            }
            page.Append('\n');
        }
        page.Append('\n');
    }

    private static string TypeName(TypeSpec type) => type switch
    {
        PrimitiveType p => p.Kind.ToString(),
        ListType l => "List of " + TypeName(l.Element),
        SetType s => "Set of " + TypeName(s.Element),
        MapType m => "Map of " + TypeName(m.Element),
        ObjectType => "Object",
        _ => type.ToString(),
    };

    private static string EndSentence(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 || trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }

    private static string FirstSentence(string text)
    {
        var line = text.Split('\n')[0];
        var stop = line.IndexOf(". ", StringComparison.Ordinal);
        return stop < 0 ? line : line[..(stop + 1)];
    }
}
