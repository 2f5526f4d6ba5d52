using Struct = Google.Protobuf.WellKnownTypes.Struct;
using Lakeplane.Pulumi.Catalog;
using Lakeplane.Pulumi.Values;
using Lakeplane.Resources.Model;
using Value = Lakeplane.Resources.Model.Value;

namespace Lakeplane.Pulumi.Components;

/// <summary>
/// The WorkspaceStack's inputs, decoded and checked. Any of them may be unknown in a preview
/// (they may come from other resources' outputs): what derives from an unknown input is unknown.
/// </summary>
public sealed record WorkspaceStackInputs(string Name, Value Region, Value VpcCidr, Value AvailabilityZones, Value ControlPlanePrincipal)
{
    public static readonly ObjectSchema Schema = new()
    {
        Description = "Inputs of lakeplane:aws:WorkspaceStack.",
        Attributes =
        [
            new AttributeSchema { Name = "name", Type = TypeSpec.String, Required = true, Description = "Name of the workspace; prefixes every resource of the stack." },
            new AttributeSchema { Name = "region", Type = TypeSpec.String, Required = true, Description = "AWS region of the workspace's data plane, e.g. eu-west-1." },
            new AttributeSchema { Name = "vpc_cidr", Type = TypeSpec.String, Required = true, Description = $"IPv4 CIDR block of the new VPC, /{SubnetCarver.LargestVpcPrefix} or larger, e.g. 10.20.0.0/16. The two subnets are its first two quarters." },
            new AttributeSchema { Name = "availability_zones", Type = TypeSpec.ListOf(TypeSpec.String), Required = true, Description = "Two distinct availability zones of the region, one per subnet, e.g. [eu-west-1a, eu-west-1b]." },
            new AttributeSchema { Name = "control_plane_principal", Type = TypeSpec.String, Optional = true, Description = "ARN of the AWS principal lakeplaned assumes the cross-account role from. Defaults to the root of the AWS account the stack deploys into." },
        ],
    };

    public static WorkspaceStackInputs Decode(Struct? inputs)
    {
        var decoded = PropertyDecoder.Decode(inputs, Schema.ValueType()).Value;
        if (decoded["name"] is not StringValue { Value.Length: > 0 } name)
        {
            throw Invalid("name", "\"name\" is required and must be known when the stack is constructed: every child's name derives from it.");
        }
        foreach (var required in new[] { "region", "vpc_cidr", "availability_zones" })
        {
            if (decoded[required].IsNull)
            {
                throw Invalid(required, $"\"{PulumiNames.ToCamel(required)}\" is required. {Schema.FindAttribute(required)!.Description}");
            }
        }
        if (decoded["availability_zones"] is CollectionValue zones && zones.IsWhollyKnown)
        {
            var distinct = zones.Elements.OfType<StringValue>().Select(z => z.Value).Distinct(StringComparer.Ordinal).Count();
            if (distinct < 2)
            {
                throw Invalid("availability_zones", $"\"availabilityZones\" needs two distinct availability zones (one per subnet, as Lakeplane networks require); it has {distinct}.");
            }
        }
        if (decoded["vpc_cidr"] is StringValue cidr)
        {
            SubnetCarver.Carve(cidr.Value, 2, out var error);
            if (error is not null)
            {
                throw Invalid("vpc_cidr", "\"vpcCidr\": " + error);
            }
        }
        return new WorkspaceStackInputs(name.Value, decoded["region"], decoded["vpc_cidr"], decoded["availability_zones"], decoded["control_plane_principal"]);
    }

    /// <summary>Subnet i's availability zone, unknown while the list is.</summary>
    public Value Zone(int index) =>
        AvailabilityZones is CollectionValue zones && zones.IsWhollyKnown
            ? Value.Of(zones.Elements.OfType<StringValue>().Select(z => z.Value).Distinct(StringComparer.Ordinal).ElementAt(index))
            : Value.Unknown;

    /// <summary>Subnet i's CIDR, unknown while the VPC's is.</summary>
    public Value SubnetCidr(int index) =>
        VpcCidr is StringValue cidr ? Value.Of(SubnetCarver.Carve(cidr.Value, 2, out _)[index]) : Value.Unknown;

    /// <summary>Lower-case letters, digits and dashes: what an S3 bucket name may hold.</summary>
    public string BucketPrefix => new string(Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-') + "-root-";

    private static ResourceException Invalid(string attribute, string detail) =>
        new(Diagnostic.Error("Invalid WorkspaceStack input", detail, AttributePath.Of(attribute)));
}
