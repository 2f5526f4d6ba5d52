using System.Text.Json;
using System.Text.Json.Nodes;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Resources.Model;

namespace Lakeplane.Pulumi.Schema;

/// <summary>
/// The Pulumi package schema (what GetSchema returns, pulumi/schema.json holds and
/// `pulumi package gen-sdk` reads), generated from the same model the Terraform schema is:
/// resources with inputProperties/requiredInputs/properties/required, data sources as
/// functions, components with isComponent, the provider's configuration with its environment
/// fallbacks and the token marked secret.
/// </summary>
public sealed class PulumiSchemaGenerator(PulumiCatalog catalog, string version)
{
    private readonly SortedDictionary<string, JsonObject> _types = new(StringComparer.Ordinal);

    public static string Generate(PulumiCatalog catalog, string version) =>
        new PulumiSchemaGenerator(catalog, version).Build().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    public JsonObject Build()
    {
        var resources = new JsonObject();
        foreach (var (token, resource) in catalog.Resources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            resources[token] = Resource(token, resource);
        }
        foreach (var (token, component) in catalog.Components.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            resources[token] = Component(token, component);
        }
        var functions = new JsonObject();
        foreach (var (token, function) in catalog.Functions.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            functions[token] = Function(token, function);
        }
        var types = new JsonObject();
        foreach (var (token, type) in _types)
        {
            types[token] = type;
        }
        return new JsonObject
        {
            ["name"] = PulumiNames.Package,
            ["displayName"] = "Lakeplane",
            ["version"] = version,
            ["description"] = "Manage a Lakeplane lakehouse control plane: workspaces, credentials, storage configurations, networks and more.",
            ["keywords"] = new JsonArray("pulumi", "lakeplane", "lakehouse", "category/cloud"),
            ["license"] = "Apache-2.0",
            ["publisher"] = "Lakeplane",
            ["meta"] = new JsonObject { ["moduleFormat"] = "(.*)" },
            ["language"] = new JsonObject
            {
                ["csharp"] = new JsonObject
                {
                    ["packageReferences"] = new JsonObject { ["Pulumi"] = "3.*" },
                    ["respectSchemaVersion"] = true,
                },
            },
            ["config"] = new JsonObject
            {
                ["variables"] = Properties(catalog.ProviderSchema, "Provider", inputsOnly: true, configDefaults: true),
            },
            ["provider"] = new JsonObject
            {
                ["description"] = "The provider type for the lakeplane package: where the daemon is and whose token to use.",
                ["inputProperties"] = Properties(catalog.ProviderSchema, "Provider", inputsOnly: true, configDefaults: true),
                ["properties"] = Properties(catalog.ProviderSchema, "Provider", inputsOnly: true, configDefaults: false),
            },
            ["types"] = types,
            ["resources"] = resources,
            ["functions"] = functions,
        };
    }

    private JsonObject Resource(string token, ResourceDefinition resource)
    {
        var schema = resource.Schema.Root;
        var typePrefix = PulumiNames.ToPascal(resource.Name);
        var spec = new JsonObject
        {
            ["description"] = schema.Description,
            ["inputProperties"] = Properties(schema, typePrefix, inputsOnly: true, configDefaults: false),
            ["requiredInputs"] = Names(RequiredInputs(schema)),
            ["properties"] = Properties(schema, typePrefix, inputsOnly: false, configDefaults: false),
            // Always present in state: what the user must set, and the id the object is known by.
            ["required"] = Names(RequiredInputs(schema).Append(resource.IdAttribute).Distinct()),
        };
        return spec;
    }

    private JsonObject Component(string token, ComponentDefinition component)
    {
        var prefix = token.Split(':')[^1];
        return new JsonObject
        {
            ["description"] = component.Description,
            ["isComponent"] = true,
            ["inputProperties"] = Properties(component.Inputs, prefix, inputsOnly: true, configDefaults: false),
            ["requiredInputs"] = Names(RequiredInputs(component.Inputs)),
            ["properties"] = Properties(component.Outputs, prefix, inputsOnly: false, configDefaults: false),
            ["required"] = Names(component.Outputs.Attributes.Select(a => a.Name)),
        };
    }

    private JsonObject Function(string token, DataSourceDefinition function)
    {
        var prefix = token.Split(':')[^1];
        prefix = char.ToUpperInvariant(prefix[0]) + prefix[1..];
        var spec = new JsonObject { ["description"] = function.Schema.Description };
        var inputs = Properties(function.Schema, prefix, inputsOnly: true, configDefaults: false);
        if (inputs.Count > 0)
        {
            // A function without arguments has no inputs object at all: SDKs then generate a plain call.
            spec["inputs"] = new JsonObject { ["properties"] = inputs, ["required"] = Names(RequiredInputs(function.Schema)) };
        }
        spec["outputs"] = new JsonObject
        {
            ["properties"] = Properties(function.Schema, prefix, inputsOnly: false, configDefaults: false),
            ["required"] = Names(function.Schema.Attributes.Where(a => a.Required || (a.Computed && !a.Optional)).Select(a => a.Name)),
        };
        return spec;
    }

    private static IEnumerable<string> RequiredInputs(ObjectSchema schema) =>
        schema.Attributes.Where(a => a.Required).Select(a => a.Name)
            .Concat(schema.Blocks.Where(b => b.MinItems > 0).Select(b => b.Name));

    private static JsonArray Names(IEnumerable<string> snakeNames) =>
        new(snakeNames.Select(n => (JsonNode?)JsonValue.Create(PulumiNames.ToCamel(n))).ToArray());

    /// <summary>Inputs are what the user may set (required or optional); outputs are everything kept in state.</summary>
    private JsonObject Properties(ObjectSchema schema, string typePrefix, bool inputsOnly, bool configDefaults)
    {
        var properties = new JsonObject();
        foreach (var attribute in schema.Attributes)
        {
            var isInput = attribute.Required || attribute.Optional;
            if ((inputsOnly && !isInput) || (!inputsOnly && attribute.WriteOnly))
            {
                continue;
            }
            var property = TypeReference(attribute.Type, typePrefix + PulumiNames.ToPascal(attribute.Name));
            if (Describe(attribute) is { Length: > 0 } description)
            {
                property["description"] = description;
            }
            if (attribute.Sensitive)
            {
                property["secret"] = true;
            }
            if (attribute.RequiresReplace && inputsOnly)
            {
                property["willReplaceOnChanges"] = true;
            }
            if (inputsOnly && attribute.Default is StringValue or BoolValue or NumberValue)
            {
                property["default"] = PrimitiveJson(attribute.Default);
            }
            if (configDefaults)
            {
                property["defaultInfo"] = new JsonObject { ["environment"] = new JsonArray(EnvironmentVariable(attribute.Name)) };
            }
            properties[PulumiNames.ToCamel(attribute.Name)] = property;
        }
        foreach (var block in schema.Blocks)
        {
            var objectType = ObjectTypeToken(block.Object, typePrefix + PulumiNames.ToPascal(block.Name));
            JsonObject property = block.Nesting == BlockNesting.Single
                ? new JsonObject { ["$ref"] = objectType }
                : new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = objectType } };
            property["description"] = block.Description;
            properties[PulumiNames.ToCamel(block.Name)] = property;
        }
        return properties;
    }

    /// <summary>The environment variable the provider falls back to: account_id → LAKEPLANE_ACCOUNT_ID.</summary>
    public static string EnvironmentVariable(string attribute) => "LAKEPLANE_" + attribute.ToUpperInvariant();

    private JsonObject TypeReference(TypeSpec type, string nameForObjects) => type switch
    {
        PrimitiveType { Kind: PrimitiveKind.String } => new JsonObject { ["type"] = "string" },
        PrimitiveType { Kind: PrimitiveKind.Bool } => new JsonObject { ["type"] = "boolean" },
        PrimitiveType => new JsonObject { ["type"] = "number" },
        ListType list => new JsonObject { ["type"] = "array", ["items"] = TypeReference(list.Element, nameForObjects) },
        SetType set => new JsonObject { ["type"] = "array", ["items"] = TypeReference(set.Element, nameForObjects) },
        MapType map => new JsonObject { ["type"] = "object", ["additionalProperties"] = TypeReference(map.Element, nameForObjects) },
        ObjectType obj => new JsonObject { ["$ref"] = ObjectTypeToken(obj, nameForObjects) },
        _ => throw new InvalidOperationException($"No Pulumi schema type for {type}."),
    };

    private string ObjectTypeToken(ObjectSchema schema, string name)
    {
        var token = $"{PulumiNames.Package}:{PulumiNames.IndexModule}:{name}";
        if (!_types.ContainsKey(token))
        {
            _types[token] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = schema.Description,
                ["properties"] = Properties(schema, name, inputsOnly: false, configDefaults: false),
                ["required"] = Names(RequiredInputs(schema)),
            };
        }
        return "#/types/" + token;
    }

    private string ObjectTypeToken(ObjectType type, string name)
    {
        var schema = new ObjectSchema
        {
            Attributes = type.Attributes.Select(a => new AttributeSchema { Name = a.Key, Type = a.Value, Optional = true }).ToArray(),
        };
        return ObjectTypeToken(schema, name);
    }

    private static string Describe(AttributeSchema attribute)
    {
        var rules = attribute.Validators.Select(v => v.Description).Where(d => d.Length > 0);
        var replace = attribute.RequiresReplace ? ["Changing it replaces the object."] : Array.Empty<string>();
        return string.Join(" ", new[] { attribute.Description }.Concat(rules).Concat(replace).Where(s => s.Length > 0));
    }

    private static JsonNode? PrimitiveJson(Value value) => value switch
    {
        StringValue s => JsonValue.Create(s.Value),
        BoolValue b => JsonValue.Create(b.Value),
        NumberValue n => JsonValue.Create(n.Value),
        _ => null,
    };
}
