using Lakeplane.Daemon.Identity;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Web.Pages;

/// <summary>The account's identities: users, groups (with their members) and service principals, read through the identity
/// services (any principal of the account may read them, as over SCIM).</summary>
public sealed class IdentityModel(UserService users, GroupService groups, ServicePrincipalService servicePrincipals) : UiPageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    public IReadOnlyList<Group> Groups { get; private set; } = [];

    public IReadOnlyList<ServicePrincipal> ServicePrincipals { get; private set; } = [];

    public bool Loaded { get; private set; }

    public async Task OnGetAsync() => Loaded = await TryAsync(async () =>
    {
        var cancellation = HttpContext.RequestAborted;
        Users = (await users.ListAsync(Caller, new ListUsersRequest(), cancellation)).Users;
        Groups = (await groups.ListAsync(Caller, new ListGroupsRequest(), cancellation)).Groups;
        ServicePrincipals = (await servicePrincipals.ListAsync(Caller, new ListServicePrincipalsRequest(), cancellation)).ServicePrincipals;
    });
}
