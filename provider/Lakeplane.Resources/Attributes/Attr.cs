using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// Where every attribute definition starts: its name and type. The builder it returns adds the
/// rest (required or optional, computed, sensitive, plan modifiers, validators, description) and
/// converts to an <see cref="AttributeSchema"/> wherever one is expected.
/// </summary>
/// <example><code>Attr.String("role_arn").Required().RequiresReplace("...").Validate(Validators.RoleArn)</code></example>
public static class Attr
{
    public static AttributeBuilder String(string name) => new(name, TypeSpec.String);

    public static AttributeBuilder Bool(string name) => new(name, TypeSpec.Bool);

    public static AttributeBuilder Number(string name) => new(name, TypeSpec.Number);

    public static AttributeBuilder SetOf(TypeSpec element, string name) => new(name, TypeSpec.SetOf(element));

    public static AttributeBuilder ListOf(TypeSpec element, string name) => new(name, TypeSpec.ListOf(element));

    public static AttributeBuilder MapOf(TypeSpec element, string name) => new(name, TypeSpec.MapOf(element));
}
