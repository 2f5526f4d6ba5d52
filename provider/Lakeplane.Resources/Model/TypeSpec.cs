namespace Lakeplane.Resources.Model;

/// <summary>The type of an attribute, in the vocabulary both Terraform (cty) and Pulumi can express.</summary>
public abstract record TypeSpec
{
    public static readonly TypeSpec String = new PrimitiveType(PrimitiveKind.String);
    public static readonly TypeSpec Bool = new PrimitiveType(PrimitiveKind.Bool);
    public static readonly TypeSpec Number = new PrimitiveType(PrimitiveKind.Number);

    public static TypeSpec ListOf(TypeSpec element) => new ListType(element);
    public static TypeSpec SetOf(TypeSpec element) => new SetType(element);
    public static TypeSpec MapOf(TypeSpec element) => new MapType(element);
    public static TypeSpec ObjectOf(IReadOnlyList<KeyValuePair<string, TypeSpec>> attributes) => new ObjectType(attributes);
}

public enum PrimitiveKind { String, Bool, Number }

public sealed record PrimitiveType(PrimitiveKind Kind) : TypeSpec;

public sealed record ListType(TypeSpec Element) : TypeSpec;

/// <summary>Unordered and without duplicates: two sets with the same elements in another order are equal.</summary>
public sealed record SetType(TypeSpec Element) : TypeSpec;

public sealed record MapType(TypeSpec Element) : TypeSpec;

/// <summary>Attribute order is kept as declared (Terraform's type JSON sorts keys itself).</summary>
public sealed record ObjectType(IReadOnlyList<KeyValuePair<string, TypeSpec>> Attributes) : TypeSpec;
