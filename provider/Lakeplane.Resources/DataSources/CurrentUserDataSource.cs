using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.DataSources;

/// <summary>data "lakeplane_current_user": the principal the provider's token belongs to.</summary>
public sealed class CurrentUserDataSource : DataSourceDefinition
{
    public override string Name => "current_user";

    public override ObjectSchema Schema { get; } = new()
    {
        Description = "The user or service principal the provider's token authenticates as.",
        Attributes =
        [
            Attr.String("user_name").Computed().Describe("The principal's user name, e.g. \"admin\"."),
            Attr.String("principal_id").Computed(),
            Attr.String("account_id").Computed(),
            Attr.Bool("account_admin").Computed().Describe("Whether the principal administers the account."),
            Attr.Number("workspace_id").Computed().Describe("The workspace a workspace-scoped token is bound to; null for an account-level token."),
        ],
    };

    public override async Task<ObjectValue> ReadAsync(ResourceContext context, ObjectValue config, CancellationToken cancellationToken)
    {
        var principal = await DaemonCalls.WithRetriesAsync(
            options => context.Client.Identity.GetCurrentPrincipalAsync(new GetCurrentPrincipalRequest(), options).ResponseAsync, cancellationToken);
        return new ObjectValue(new Dictionary<string, Value>
        {
            ["user_name"] = Value.Of(principal.UserName),
            ["principal_id"] = Value.Of(principal.PrincipalId),
            ["account_id"] = Value.Of(principal.AccountId),
            ["account_admin"] = Value.Of(principal.AccountAdmin),
            ["workspace_id"] = principal.WorkspaceId == 0 ? Value.Null : Value.Of(principal.WorkspaceId),
        });
    }
}
