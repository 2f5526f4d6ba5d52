using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_network: a customer-managed VPC with its subnets and security groups
/// (databricks_mws_networks). Subnets and security groups are sets: the daemon may return
/// them in any order and that is never a change. No update in the API: every argument replaces it.
/// </summary>
public sealed class NetworkResource : ResourceDefinition
{
    private const string Immutable = "Networks cannot be changed in place.";

    public override string Name => "network";

    public override string IdAttribute => "network_id";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description = "A customer-managed VPC that a workspace's compute runs in.",
        Attributes =
        [
            Attr.String("network_name").Required().RequiresReplace(Immutable).Validate(Validators.LengthBetween(4, 256), Validators.ObjectName)
                .Describe("Name of the network, unique in the account."),
            Attr.String("vpc_id").Required().RequiresReplace(Immutable).Validate(Validators.VpcId)
                .Describe("Id of the VPC."),
            Attr.SetOf(TypeSpec.String, "subnet_ids").Required().RequiresReplace(Immutable)
                .Validate(Validators.SizeAtLeast(2), Validators.EachInSet(Validators.SubnetId))
                .Describe("Ids of at least two subnets of the VPC, in distinct availability zones."),
            Attr.SetOf(TypeSpec.String, "security_group_ids").Required().RequiresReplace(Immutable)
                .Validate(Validators.SizeBetween(1, 5), Validators.EachInSet(Validators.SecurityGroupId))
                .Describe("Ids of one to five security groups of the VPC."),
            Attr.String("network_id").Computed().UseStateForUnknown().Describe("Id of the network; what import takes."),
            Attr.String("vpc_status").Computed()
                .Describe("What Lakeplane found checking the VPC: UNATTACHED, VALID, BROKEN or WARNED."),
            Attr.Number("creation_time").Computed().UseStateForUnknown().Describe("When the network was created, in epoch milliseconds."),
        ],
    });

    public override async Task<ObjectValue> CreateAsync(ResourceContext context, ObjectValue planned, CancellationToken cancellationToken)
    {
        var request = new CreateNetworkRequest
        {
            AccountId = context.Client.AccountId,
            NetworkName = planned.RequiredString("network_name"),
            VpcId = planned.RequiredString("vpc_id"),
            SubnetIds = { planned.OptionalStrings("subnet_ids") ?? [] },
            SecurityGroupIds = { planned.OptionalStrings("security_group_ids") ?? [] },
            RequestId = DaemonCalls.NewRequestId(),
        };
        var created = await DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "create network", () =>
            DaemonCalls.WithRetriesAsync(options => context.Client.Account.CreateNetworkAsync(request, options).ResponseAsync, cancellationToken));
        return ToState(created);
    }

    public override async Task<ObjectValue?> ReadAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken) =>
        await GetAsync(context, state.RequiredString("network_id"), cancellationToken);

    /// <summary>Every argument replaces, so terraform never plans an in-place change of one; should it
    /// update anyway (only computed values moved), the state is whatever the daemon has now.</summary>
    public override async Task<ObjectValue> UpdateAsync(ResourceContext context, ObjectValue prior, ObjectValue planned, CancellationToken cancellationToken) =>
        await GetAsync(context, prior.RequiredString("network_id"), cancellationToken)
        ?? throw new ResourceException(Diagnostic.Error("Cannot update network", "It no longer exists in lakeplaned.") with { Next = NextStep.Recreate() });

    public override Task DeleteAsync(ResourceContext context, ObjectValue state, CancellationToken cancellationToken)
    {
        var request = new DeleteNetworkRequest
        {
            AccountId = context.Client.AccountId,
            NetworkId = state.RequiredString("network_id"),
            RequestId = DaemonCalls.NewRequestId(),
        };
        return DaemonErrors.RethrowAsDiagnosticAsync(Schema.Root, "delete network", async () =>
        {
            await DaemonCalls.DeleteAsync(options => context.Client.Account.DeleteNetworkAsync(request, options).ResponseAsync, cancellationToken);
            return true;
        });
    }

    public override Task<ObjectValue?> ImportAsync(ResourceContext context, string id, CancellationToken cancellationToken) =>
        GetAsync(context, id.Trim(), cancellationToken);

    private static async Task<ObjectValue?> GetAsync(ResourceContext context, string id, CancellationToken cancellationToken)
    {
        var request = new GetNetworkRequest { AccountId = context.Client.AccountId, NetworkId = id };
        var found = await DaemonCalls.GetOrNullAsync(options => context.Client.Account.GetNetworkAsync(request, options).ResponseAsync, cancellationToken);
        return found is null ? null : ToState(found);
    }

    private static ObjectValue ToState(Network network) => new(new Dictionary<string, Value>
    {
        ["network_name"] = Value.Of(network.NetworkName),
        ["vpc_id"] = Value.Of(network.VpcId),
        ["subnet_ids"] = StateValues.StringSet(network.SubnetIds),
        ["security_group_ids"] = StateValues.StringSet(network.SecurityGroupIds),
        ["network_id"] = Value.Of(network.NetworkId),
        ["vpc_status"] = StateValues.StringOrNull(network.VpcStatus),
        ["creation_time"] = Value.Of(network.CreationTime),
    });
}
