using System.Globalization;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Support;

/// <summary>Users, groups and service principals made through the typed client, and tokens that act as them.</summary>
public static class Identities
{
    public static Task<User> UserAsync(LakeplaneConnection admin, string? userName = null) =>
        admin.Identity.CreateUserAsync(new CreateUserRequest { UserName = userName ?? Unique.Name("user") + "@example.com" }).ResponseAsync;

    public static Task<ServicePrincipal> ServicePrincipalAsync(LakeplaneConnection admin) =>
        admin.Identity.CreateServicePrincipalAsync(new CreateServicePrincipalRequest { DisplayName = Unique.Name("sp") }).ResponseAsync;

    public static Task<Group> GroupAsync(LakeplaneConnection admin, params string[] memberIds) =>
        admin.Identity.CreateGroupAsync(new CreateGroupRequest { DisplayName = Unique.Name("group"), MemberIds = { memberIds } }).ResponseAsync;

    /// <summary>A workspace token owned by the user, issued by the admin (Lakeplane's user_name extension of on-behalf-of).</summary>
    public static async Task<string> TokenForUserAsync(LakeplaneConnection admin, long workspaceId, User user) =>
        (await admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest { WorkspaceId = workspaceId, UserName = user.UserName, Comment = "test" })).TokenValue;

    public static async Task<string> TokenForServicePrincipalAsync(LakeplaneConnection admin, long workspaceId, ServicePrincipal servicePrincipal) =>
        (await admin.Identity.CreateTokenOnBehalfOfAsync(new CreateTokenOnBehalfOfRequest
        {
            WorkspaceId = workspaceId, ApplicationId = servicePrincipal.ApplicationId, Comment = "test",
        })).TokenValue;

    /// <summary>An HTTP request on a workspace API with the workspace named by header, as an account-wide token needs it.</summary>
    public static HttpRequestMessage InWorkspace(HttpMethod method, string path, long workspaceId, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Databricks-Org-Id", workspaceId.ToString(CultureInfo.InvariantCulture));
        return request;
    }
}
