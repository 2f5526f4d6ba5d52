using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Catalog;
using Value = Lakeplane.Resources.Model.Value;

namespace Lakeplane.Pulumi.Components;

/// <summary>
/// The GovernedCatalog's inputs, decoded and checked: privileges are written as the API writes
/// them and must fit the securable they are granted on (catalog or schema), and a schema or
/// principal appears once. Checked before anything is registered, so a mistake fails the
/// preview naming the input rather than half-way through an update.
/// </summary>
public sealed record GovernedCatalogInputs(Value WorkspaceId, string Name, Value Comment, Value ForceDestroy, IReadOnlyList<GovernedCatalogInputs.Grant> Grants, IReadOnlyList<GovernedCatalogInputs.SchemaInput> Schemas)
{
    public sealed record Grant(Value Principal, Value Privileges);

    public sealed record SchemaInput(string Name, Value Comment, IReadOnlyList<Grant> Grants);

    private static readonly TypeSpec GrantType = TypeSpec.ObjectOf(
    [
        new("principal", TypeSpec.String),
        new("privileges", TypeSpec.ListOf(TypeSpec.String)),
    ]);

    private static readonly TypeSpec SchemaType = TypeSpec.ObjectOf(
    [
        new("name", TypeSpec.String),
        new("comment", TypeSpec.String),
        new("grants", TypeSpec.ListOf(GrantType)),
    ]);

    public static readonly ObjectSchema Schema = new()
    {
        Description = "Inputs of lakeplane:index:GovernedCatalog.",
        Attributes =
        [
            new AttributeSchema { Name = "workspace_id", Type = TypeSpec.Number, Required = true, Description = "Id of the workspace whose assigned metastore holds the catalog." },
            new AttributeSchema { Name = "name", Type = TypeSpec.String, Required = true, Description = "Name of the catalog, lower case." },
            new AttributeSchema { Name = "comment", Type = TypeSpec.String, Optional = true, Description = "What the catalog is for." },
            new AttributeSchema { Name = "force_destroy", Type = TypeSpec.Bool, Optional = true, Description = "Delete the catalog with everything in it when the component is deleted." },
            new AttributeSchema { Name = "grants", Type = TypeSpec.ListOf(GrantType), Optional = true, Description = "Every grant on the catalog (authoritative): {principal, privileges}, privileges as the API writes them, e.g. USE_CATALOG." },
            new AttributeSchema { Name = "schemas", Type = TypeSpec.ListOf(SchemaType), Optional = true, Description = "Schemas of the catalog: {name, comment, grants}; each schema's grants are authoritative on it." },
        ],
    };

    public static GovernedCatalogInputs Decode(Struct? inputs)
    {
        var decoded = PropertyDecoder.Decode(inputs, Schema.ValueType()).Value;
        if (decoded["name"] is not StringValue { Value.Length: > 0 } name)
        {
            throw Invalid(AttributePath.Of("name"), "\"name\" is required and must be known when the component is constructed: its children's names derive from it.");
        }
        Check(new CatalogNameValidator(lowerCase: true), decoded["name"], AttributePath.Of("name"));
        if (decoded["workspace_id"].IsNull)
        {
            throw Invalid(AttributePath.Of("workspace_id"), "\"workspaceId\" is required: the workspace whose metastore holds the catalog.");
        }
        var grants = DecodeGrants(decoded["grants"], SecurableKind.Catalog, AttributePath.Of("grants"));
        var schemas = new List<SchemaInput>();
        if (decoded["schemas"] is CollectionValue list)
        {
            for (var i = 0; i < list.Elements.Count; i++)
            {
                var path = AttributePath.Of("schemas").Index(i);
                if (list.Elements[i] is not ObjectValue schema || schema["name"] is not StringValue { Value.Length: > 0 } schemaName)
                {
                    throw Invalid(path.Attribute("name"), "Every schema needs a known \"name\".");
                }
                Check(new CatalogNameValidator(lowerCase: true), schema["name"], path.Attribute("name"));
                if (schemas.Any(s => s.Name == schemaName.Value))
                {
                    throw Invalid(path.Attribute("name"), $"Schema \"{schemaName.Value}\" appears twice: list each schema once.");
                }
                schemas.Add(new SchemaInput(schemaName.Value, schema["comment"], DecodeGrants(schema["grants"], SecurableKind.Schema, path.Attribute("grants"))));
            }
        }
        return new GovernedCatalogInputs(decoded["workspace_id"], name.Value, decoded["comment"], decoded["force_destroy"], grants, schemas);
    }

    private static List<Grant> DecodeGrants(Value value, SecurableKind kind, AttributePath path)
    {
        var grants = new List<Grant>();
        if (value is not CollectionValue list)
        {
            return grants;
        }
        var principals = new HashSet<string>(PrivilegeSets.Principals);
        for (var i = 0; i < list.Elements.Count; i++)
        {
            if (list.Elements[i] is not ObjectValue grant)
            {
                continue;
            }
            var privilegesPath = path.Index(i).Attribute("privileges");
            Check(PrivilegeNameValidator.Instance, grant["privileges"], privilegesPath);
            var diagnostics = new Diagnostics();
            new Securable(kind, "_").CheckApplicable(grant["privileges"], privilegesPath, diagnostics);
            ThrowFirst(diagnostics);
            if (grant["principal"] is StringValue { Value: var principal } && !principals.Add(principal))
            {
                throw Invalid(path.Index(i).Attribute("principal"), $"\"{principal}\" is listed twice: put all of its privileges in one grant.");
            }
            grants.Add(new Grant(grant["principal"], grant["privileges"]));
        }
        return grants;
    }

    private static void Check(IValueValidator validator, Value value, AttributePath path)
    {
        if (!value.IsWhollyKnown || value.IsNull)
        {
            return;
        }
        var diagnostics = new Diagnostics();
        validator.Validate(value, path, diagnostics);
        ThrowFirst(diagnostics);
    }

    private static void ThrowFirst(Diagnostics diagnostics)
    {
        if (diagnostics.Items.FirstOrDefault(d => d.Severity == Severity.Error) is { } error)
        {
            throw new ResourceException(error with { Summary = "Invalid GovernedCatalog input: " + error.Summary });
        }
    }

    private static ResourceException Invalid(AttributePath path, string detail) =>
        new(Diagnostic.Error("Invalid GovernedCatalog input", detail, path));
}
