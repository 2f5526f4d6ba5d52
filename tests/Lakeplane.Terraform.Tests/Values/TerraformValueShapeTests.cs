using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Tests.Support;
using Lakeplane.Terraform.Values;
using static Lakeplane.Terraform.Tests.Support.V;

namespace Lakeplane.Terraform.Tests.Values;

/// <summary>terraform's rules for returned values: block lists never null, write-only never kept, no unknowns after apply.</summary>
public sealed class TerraformValueShapeTests
{
    private static readonly ObjectSchema Schema = new()
    {
        Attributes =
        [
            new AttributeSchema { Name = "name", Type = TypeSpec.String, Required = true },
            new AttributeSchema { Name = "id", Type = TypeSpec.String, Computed = true },
            new AttributeSchema { Name = "secret", Type = TypeSpec.String, Optional = true, Sensitive = true, WriteOnly = true },
        ],
        Blocks =
        [
            new BlockSchema
            {
                Name = "rule",
                Nesting = BlockNesting.List,
                Object = new ObjectSchema { Attributes = [new AttributeSchema { Name = "port", Type = TypeSpec.Number, Required = true }] },
            },
            new BlockSchema
            {
                Name = "timeouts",
                Nesting = BlockNesting.Single,
                Object = new ObjectSchema { Attributes = [new AttributeSchema { Name = "create", Type = TypeSpec.String, Optional = true }] },
            },
        ],
    };

    [Fact]
    public void A_plan_keeps_unknowns_but_never_write_only_values_or_null_block_lists()
    {
        var planned = Obj(("name", S("a")), ("id", Value.Unknown), ("secret", S("s3cret")), ("rule", Value.Null), ("timeouts", Value.Null));

        var shaped = TerraformValueShape.Outgoing(Schema, planned, resolveUnknowns: false);

        ValueAssert.Equal(Obj(("name", S("a")), ("id", Value.Unknown), ("secret", Value.Null), ("rule", List()), ("timeouts", Value.Null)), shaped);
    }

    [Fact]
    public void State_after_apply_has_no_unknowns()
    {
        var state = Obj(("name", S("a")), ("id", Value.Unknown), ("secret", Value.Null), ("rule", List(Obj(("port", Value.Unknown)))), ("timeouts", Obj(("create", Value.Unknown))));

        var shaped = TerraformValueShape.Outgoing(Schema, state, resolveUnknowns: true);

        ValueAssert.Equal(Obj(("name", S("a")), ("id", Value.Null), ("secret", Value.Null), ("rule", List(Obj(("port", Value.Null)))), ("timeouts", Obj(("create", Value.Null)))), shaped);
    }

    [Fact]
    public void Create_and_update_get_write_only_values_from_the_configuration()
    {
        var planned = Obj(("name", S("a")), ("id", Value.Unknown), ("secret", Value.Null));
        var config = Obj(("name", S("a")), ("id", Value.Null), ("secret", S("s3cret")));

        var merged = TerraformValueShape.WithWriteOnlyFromConfig(Schema, planned, config);

        ValueAssert.Equal(S("s3cret"), merged["secret"]);
        ValueAssert.Equal(Value.Unknown, merged["id"]);
    }
}
