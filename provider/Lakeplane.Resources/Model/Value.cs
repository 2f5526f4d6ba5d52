namespace Lakeplane.Resources.Model;

/// <summary>
/// A dynamically typed value as a resource sees it: what Terraform's msgpack DynamicValue and
/// Pulumi's Struct both decode to. The schema says what type it has; unknown means "known only
/// after apply" and null means "not set".
/// </summary>
public abstract class Value
{
    public static readonly Value Null = new NullValue();
    public static readonly Value Unknown = new UnknownValue();

    public bool IsNull => this is NullValue;

    public bool IsUnknown => this is UnknownValue;

    /// <summary>True when neither null nor unknown, and no nested element is unknown.</summary>
    public abstract bool IsWhollyKnown { get; }

    public static Value Of(string? value) => value is null ? Null : new StringValue(value);

    public static Value Of(bool value) => new BoolValue(value);

    public static Value Of(long value) => new NumberValue(value);

    public static Value Of(decimal value) => new NumberValue(value);
}

public sealed class NullValue : Value
{
    internal NullValue() { }

    public override bool IsWhollyKnown => true;

    public override string ToString() => "null";
}

public sealed class UnknownValue : Value
{
    internal UnknownValue() { }

    public override bool IsWhollyKnown => false;

    public override string ToString() => "(known after apply)";
}

public sealed class StringValue(string value) : Value
{
    public string Value { get; } = value;

    public override bool IsWhollyKnown => true;

    public override string ToString() => "\"" + Value + "\"";
}

public sealed class BoolValue(bool value) : Value
{
    public bool Value { get; } = value;

    public override bool IsWhollyKnown => true;

    public override string ToString() => Value ? "true" : "false";
}

/// <summary>Numbers as decimal: exact for every int64 (ids) and for the decimal fractions users write.</summary>
public sealed class NumberValue(decimal value) : Value
{
    public decimal Value { get; } = value;

    public override bool IsWhollyKnown => true;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A list or a set (the schema's type tells which); for sets the order carries no meaning.</summary>
public sealed class CollectionValue(IReadOnlyList<Value> elements) : Value
{
    public IReadOnlyList<Value> Elements { get; } = elements;

    public override bool IsWhollyKnown => Elements.All(e => e.IsWhollyKnown);

    public override string ToString() => "[" + string.Join(", ", Elements) + "]";
}

/// <summary>A map (string keys, one element type) or an object (fixed attributes): the schema's type tells which.</summary>
public sealed class ObjectValue(IReadOnlyDictionary<string, Value> attributes) : Value
{
    public static readonly ObjectValue Empty = new(new Dictionary<string, Value>());

    public IReadOnlyDictionary<string, Value> Attributes { get; } = attributes;

    public override bool IsWhollyKnown => Attributes.Values.All(v => v.IsWhollyKnown);

    /// <summary>The attribute, or null when absent.</summary>
    public Value this[string name] => Attributes.TryGetValue(name, out var value) ? value : Null;

    /// <summary>A copy with one attribute replaced.</summary>
    public ObjectValue With(string name, Value value)
    {
        var copy = new Dictionary<string, Value>(Attributes) { [name] = value };
        return new ObjectValue(copy);
    }

    public override string ToString() => "{" + string.Join(", ", Attributes.Select(a => a.Key + " = " + a.Value)) + "}";
}
