using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// Fluent construction of one <see cref="AttributeSchema"/>. Each call returns a new builder,
/// so a partly built attribute can be shared without one use changing another. Contradictions
/// (required and computed-only, a default on a non-computed attribute) fail at build time:
/// they are programming errors, and a schema that terraform rejects is worse.
/// </summary>
public sealed class AttributeBuilder
{
    private readonly AttributeSchema _schema;

    internal AttributeBuilder(string name, TypeSpec type)
    {
        _schema = new AttributeSchema { Name = name, Type = type };
    }

    private AttributeBuilder(AttributeSchema schema)
    {
        _schema = schema;
    }

    /// <summary>The user must set it.</summary>
    public AttributeBuilder Required() => new(_schema with { Required = true, Optional = false });

    /// <summary>The user may set it.</summary>
    public AttributeBuilder Optional() => new(_schema with { Optional = true, Required = false });

    /// <summary>The daemon sets it; combined with <see cref="Optional"/>, only when the user does not.</summary>
    public AttributeBuilder Computed() => new(_schema with { Computed = true });

    public AttributeBuilder Sensitive() => new(_schema with { Sensitive = true });

    /// <summary>Taken from the configuration at apply time and never stored in state.</summary>
    public AttributeBuilder WriteOnly() => new(_schema with { WriteOnly = true });

    /// <summary>A change replaces the object; <paramref name="reason"/> says why the API cannot change it in place.</summary>
    public AttributeBuilder RequiresReplace(string reason) => WithModifier(new RequiresReplaceModifier(reason));

    /// <summary>The value never changes after creation: plans show the prior value instead of "known after apply".</summary>
    public AttributeBuilder UseStateForUnknown() => WithModifier(new UseStateForUnknownModifier());

    public AttributeBuilder Validate(params IValueValidator[] validators) =>
        new(_schema with { Validators = [.. _schema.Validators, .. validators] });

    public AttributeBuilder Default(Value value) => new(_schema with { Default = value });

    public AttributeBuilder Describe(string description) => new(_schema with { Description = description });

    public AttributeSchema Build()
    {
        var name = _schema.Name;
        if (!_schema.Required && !_schema.Optional && !_schema.Computed)
        {
            throw new InvalidOperationException($"attribute \"{name}\" must be Required, Optional or Computed");
        }
        if (_schema.Required && _schema.Computed)
        {
            throw new InvalidOperationException($"attribute \"{name}\" cannot be both Required and Computed");
        }
        if (_schema.Default is not null && !(_schema.Optional && _schema.Computed))
        {
            throw new InvalidOperationException($"attribute \"{name}\" has a default, which needs Optional().Computed()");
        }
        if (_schema.WriteOnly && (_schema.Computed || _schema.RequiresReplace || _schema.UseStateForUnknown))
        {
            throw new InvalidOperationException($"write-only attribute \"{name}\" is never in state, so it cannot be computed or plan-modified");
        }
        if (_schema.UseStateForUnknown && !_schema.Computed)
        {
            throw new InvalidOperationException($"attribute \"{name}\" uses state for unknown, which only means something for a computed attribute");
        }
        return _schema;
    }

    public static implicit operator AttributeSchema(AttributeBuilder builder) => builder.Build();

    private AttributeBuilder WithModifier(PlanModifier modifier) =>
        new(_schema with { PlanModifiers = [.. _schema.PlanModifiers, modifier] });
}
