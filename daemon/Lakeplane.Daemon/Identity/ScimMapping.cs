using System.Globalization;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Identity;

/// <summary>Identities as SCIM shows them, and SCIM's multi-valued attributes read into requests.</summary>
public static class ScimMapping
{
    public static ScimUser ToScim(User user) => new()
    {
        Schemas = [ScimSchemas.User],
        Id = user.Id,
        UserName = user.UserName,
        DisplayName = user.DisplayName,
        Active = user.Active,
        ExternalId = NullIfEmpty(user.ExternalId),
        // Databricks user names are e-mail addresses and SCIM clients read the address from emails.
        Emails = user.UserName.Contains('@', StringComparison.Ordinal) ? [new ScimValue { Value = user.UserName, Type = "work", Primary = true }] : null,
        Groups = Groups(user.Groups),
        Entitlements = EntitlementValues(user.Entitlements),
        Roles = user.AccountAdmin ? [new ScimValue { Value = "account_admin" }] : null,
        Meta = Meta("User", user.Version, user.CreationTime),
    };

    public static ScimGroup ToScim(Group group) => new()
    {
        Schemas = [ScimSchemas.Group],
        Id = group.Id,
        DisplayName = group.DisplayName,
        ExternalId = NullIfEmpty(group.ExternalId),
        Members = group.Members.Select(member => new ScimValue
        {
            Value = member.MemberId,
            Display = member.Display,
            Ref = member.Kind switch
            {
                "GROUP" => "Groups/",
                "SERVICE_PRINCIPAL" => "ServicePrincipals/",
                _ => "Users/",
            } + member.MemberId,
        }).ToList(),
        Groups = Groups(group.Groups),
        Entitlements = EntitlementValues(group.Entitlements),
        Meta = Meta("Group", group.Version, group.CreationTime),
    };

    public static ScimServicePrincipal ToScim(ServicePrincipal servicePrincipal) => new()
    {
        Schemas = [ScimSchemas.ServicePrincipal],
        Id = servicePrincipal.Id,
        ApplicationId = servicePrincipal.ApplicationId,
        DisplayName = servicePrincipal.DisplayName,
        Active = servicePrincipal.Active,
        ExternalId = NullIfEmpty(servicePrincipal.ExternalId),
        Groups = Groups(servicePrincipal.Groups),
        Entitlements = EntitlementValues(servicePrincipal.Entitlements),
        Meta = Meta("ServicePrincipal", servicePrincipal.Version, servicePrincipal.CreationTime),
    };

    public static ScimListResponse<T> Page<T>(IEnumerable<T> resources, long totalResults, long startIndex)
    {
        var page = resources.ToList();
        return new ScimListResponse<T> { TotalResults = totalResults, StartIndex = startIndex, ItemsPerPage = page.Count, Resources = page };
    }

    public static IEnumerable<string> ValuesOf(List<ScimValue>? values) => values?.Select(value => value.Value ?? "") ?? [];

    /// <summary>What a PUT says about a multi-valued attribute: the whole new list (absent: empty, PUT replaces).</summary>
    public static ListChange Replacement(List<ScimValue>? values) => new() { Replace = true, Values = { ValuesOf(values) } };

    private static List<ScimValue> Groups(IEnumerable<GroupRef> groups) =>
        groups.Select(group => new ScimValue { Value = group.GroupId, Display = group.DisplayName, Ref = "Groups/" + group.GroupId, Type = "direct" }).ToList();

    private static List<ScimValue>? EntitlementValues(IReadOnlyCollection<string> entitlements) =>
        entitlements.Count == 0 ? null : entitlements.Select(value => new ScimValue { Value = value }).ToList();

    private static ScimMeta Meta(string resourceType, long version, long creationTime) => new()
    {
        ResourceType = resourceType,
        Version = $"W/\"{version.ToString(CultureInfo.InvariantCulture)}\"",
        Created = creationTime > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(creationTime).ToString("O", CultureInfo.InvariantCulture) : null,
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
