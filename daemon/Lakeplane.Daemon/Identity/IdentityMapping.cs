using Lakeplane.Daemon.Auth;
using Lakeplane.Daemon.Store;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>Stored identities as the API shows them: with their version, and memberships with display names.</summary>
internal static class IdentityMapping
{
    public static async Task<User> ToUserAsync(IStoreReader reader, string accountId, PrincipalRow principal, CancellationToken cancellationToken)
    {
        var record = principal.Record;
        return new User
        {
            Id = record.PrincipalId,
            AccountId = accountId,
            UserName = record.UserName,
            DisplayName = record.DisplayName,
            Active = record.Active,
            ExternalId = record.ExternalId,
            Entitlements = { record.EntitlementList },
            Groups = { await IdentityObjects.GroupRefsAsync(reader, accountId, record.DirectGroupIds, cancellationToken) },
            CreationTime = record.CreationTime,
            Version = principal.Row.Version,
            AccountAdmin = record.AccountAdmin,
        };
    }

    public static async Task<ServicePrincipal> ToServicePrincipalAsync(IStoreReader reader, string accountId, PrincipalRow principal, CancellationToken cancellationToken)
    {
        var record = principal.Record;
        return new ServicePrincipal
        {
            Id = record.PrincipalId,
            AccountId = accountId,
            ApplicationId = record.UserName,
            DisplayName = record.DisplayName,
            Active = record.Active,
            ExternalId = record.ExternalId,
            Entitlements = { record.EntitlementList },
            Groups = { await IdentityObjects.GroupRefsAsync(reader, accountId, record.DirectGroupIds, cancellationToken) },
            CreationTime = record.CreationTime,
            Version = principal.Row.Version,
        };
    }

    public static async Task<Group> ToGroupAsync(IStoreReader reader, string accountId, GroupRow group, CancellationToken cancellationToken)
    {
        var record = group.Record;
        var members = new List<GroupMember>();
        foreach (var member in await IdentityObjects.ListMembersAsync(reader, accountId, record.GroupId, cancellationToken))
        {
            members.Add(new GroupMember { MemberId = member.MemberId, Kind = member.MemberKind, Display = await DisplayAsync(reader, accountId, member, cancellationToken) });
        }
        return new Group
        {
            Id = record.GroupId,
            AccountId = accountId,
            DisplayName = record.DisplayName,
            ExternalId = record.ExternalId,
            Entitlements = { record.Entitlements },
            Members = { members },
            Groups = { await IdentityObjects.GroupRefsAsync(reader, accountId, record.GroupIds, cancellationToken) },
            CreationTime = record.CreationTime,
            Version = group.Row.Version,
        };
    }

    /// <summary>How SCIM displays a member: a user by user name, a service principal and a group by display name.</summary>
    private static async Task<string> DisplayAsync(IStoreReader reader, string accountId, GroupMemberRecord member, CancellationToken cancellationToken)
    {
        if (member.MemberKind == PrincipalKinds.Group)
        {
            return (await IdentityObjects.FindGroupAsync(reader, accountId, member.MemberId, cancellationToken))?.Record.DisplayName ?? "";
        }
        var principal = await IdentityObjects.FindPrincipalAsync(reader, accountId, member.MemberId, cancellationToken);
        return principal is null ? "" : principal.Record.Kind == PrincipalKinds.ServicePrincipal ? principal.Record.DisplayName : principal.Record.UserName;
    }
}
