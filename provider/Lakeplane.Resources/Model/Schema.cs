namespace Lakeplane.Resources.Model;

/// <summary>
/// One attribute of a resource, data source or provider: its type, whether the user must,
/// may or cannot set it, and the rules planning applies to it. Build with <see cref="Attr"/>.
/// </summary>
public sealed record AttributeSchema
{
    public required string Name { get; init; }

    public required TypeSpec Type { get; init; }

    public string Description { get; init; } = "";

    public bool Required { get; init; }

    public bool Optional { get; init; }

    /// <summary>Set by the daemon. With <see cref="Optional"/>: the user may set it, the daemon fills it in otherwise.</summary>
    public bool Computed { get; init; }

    /// <summary>Never shown in plans or logs; Pulumi returns it as a secret.</summary>
    public bool Sensitive { get; init; }

    /// <summary>Sent by the user in the configuration but never kept in state (Terraform write-only attributes).</summary>
    public bool WriteOnly { get; init; }

    public IReadOnlyList<PlanModifier> PlanModifiers { get; init; } = [];

    public IReadOnlyList<IValueValidator> Validators { get; init; } = [];

    /// <summary>The value planned when the configuration leaves an optional attribute null (needs Computed).</summary>
    public Value? Default { get; init; }

    public bool RequiresReplace => PlanModifiers.Any(m => m is RequiresReplaceModifier);

    public bool UseStateForUnknown => PlanModifiers.Any(m => m is UseStateForUnknownModifier);
}

public enum BlockNesting { Single, List, Set }

/// <summary>A nested block (Terraform `timeouts { ... }`, a job's `task { ... }`); Pulumi sees an object or an array of objects.</summary>
public sealed record BlockSchema
{
    public required string Name { get; init; }

    public required BlockNesting Nesting { get; init; }

    public required ObjectSchema Object { get; init; }

    public string Description { get; init; } = "";

    public int MinItems { get; init; }

    public int MaxItems { get; init; }
}

public sealed record ObjectSchema
{
    public IReadOnlyList<AttributeSchema> Attributes { get; init; } = [];

    public IReadOnlyList<BlockSchema> Blocks { get; init; } = [];

    public string Description { get; init; } = "";

    public AttributeSchema? FindAttribute(string name) => Attributes.FirstOrDefault(a => a.Name == name);

    public BlockSchema? FindBlock(string name) => Blocks.FirstOrDefault(b => b.Name == name);

    /// <summary>The object type of a value of this schema (blocks included as their collection types).</summary>
    public ObjectType ValueType()
    {
        var attributes = new List<KeyValuePair<string, TypeSpec>>();
        foreach (var attribute in Attributes)
        {
            attributes.Add(new(attribute.Name, attribute.Type));
        }
        foreach (var block in Blocks)
        {
            TypeSpec nested = block.Object.ValueType();
            attributes.Add(new(block.Name, block.Nesting switch
            {
                BlockNesting.Single => nested,
                BlockNesting.List => TypeSpec.ListOf(nested),
                _ => TypeSpec.SetOf(nested),
            }));
        }
        return new ObjectType(attributes);
    }
}

/// <summary>A resource's schema with its version (bumped when stored state must be upgraded).</summary>
public sealed record ResourceSchema(long Version, ObjectSchema Root);

/// <summary>A rule planning applies to one attribute.</summary>
public abstract record PlanModifier(string Description);

/// <summary>A change to this attribute replaces the object (the API cannot change it in place).</summary>
public sealed record RequiresReplaceModifier(string Reason) : PlanModifier(Reason);

/// <summary>A computed value that does not change once set: plan the prior value instead of "known after apply".</summary>
public sealed record UseStateForUnknownModifier() : PlanModifier("The value does not change after creation.");

/// <summary>Checks one attribute's configured value; adds diagnostics naming the attribute and the fix.</summary>
public interface IValueValidator
{
    /// <summary>Plain-language statement of the rule, for documentation and schema descriptions.</summary>
    string Description { get; }

    /// <summary>Called only with known, non-null values.</summary>
    void Validate(Value value, AttributePath path, Diagnostics diagnostics);
}
