using Lakeplane.Daemon.Account;
using Lakeplane.Daemon.Errors;
using Lakeplane.Daemon.Store;

namespace Lakeplane.Daemon.Catalog;

/// <summary>Checks of attributes several catalog objects share: comments, properties, owners, role ARNs.</summary>
public static class CatalogValidation
{
    public const int MaxCommentLength = 1024;
    public const int MaxPropertyLength = 4096;

    public static void Comment(string comment)
    {
        if (comment.Length > MaxCommentLength)
        {
            throw LakeplaneException.Invalid("comment", $"comment is longer than {MaxCommentLength} characters: shorten it.");
        }
    }

    public static void Properties(IReadOnlyDictionary<string, string> properties)
    {
        foreach (var (key, value) in properties)
        {
            if (key.Length == 0 || key.Length > 255)
            {
                throw LakeplaneException.Invalid("properties", "Every property needs a key of 1 to 255 characters.");
            }
            if (value.Length > MaxPropertyLength)
            {
                throw LakeplaneException.Invalid("properties." + key, $"The value of property '{key}' is longer than {MaxPropertyLength} characters: shorten it.");
            }
        }
    }

    /// <summary>A new owner must be a principal of the account: a user name, group name or service principal application id.</summary>
    public static async Task<string> OwnerAsync(CatalogSession session, string owner, CancellationToken cancellationToken)
    {
        await PrincipalAsync(session.Reader, session.Sessions, session.AccountId, "owner", owner, cancellationToken);
        return owner;
    }

    public static async Task PrincipalAsync(IStoreReader reader, CatalogSessions sessions, string accountId, string field, string principal, CancellationToken cancellationToken)
    {
        if (principal.Length == 0)
        {
            throw LakeplaneException.Invalid(field, $"{field} is required: a user name, group name or service principal application id.");
        }
        if (await sessions.Directory.FindByGrantNameAsync(reader, accountId, principal, cancellationToken) is null)
        {
            throw LakeplaneException.Invalid(field, UnknownPrincipal(field, principal));
        }
    }

    /// <summary>The refusal of a principal that does not exist, with how to make one: a first grant to a new user is where
    /// people meet it, and "is not a user" alone leaves them searching.</summary>
    public static string UnknownPrincipal(string field, string principal) =>
        $"{field} '{principal}' is not a user, group or service principal of this account: users are named by userName, groups by displayName, "
        + "service principals by applicationId. Create it first: in Terraform with a lakeplane_user (user_name), lakeplane_group (display_name) "
        + "or lakeplane_service_principal resource, and reference its name so it is made before the grant; over REST with "
        + "POST /api/2.0/accounts/{account_id}/scim/v2/Users (or /Groups, /ServicePrincipals) and an account admin token.";

    public static string RoleArn(string field, string roleArn)
    {
        try
        {
            AccountValidation.RoleArn(roleArn);
        }
        catch (LakeplaneException error)
        {
            throw LakeplaneException.Invalid(field, error.Message.Replace("role_arn", field, StringComparison.Ordinal));
        }
        return roleArn;
    }

    /// <summary>Names a few of <paramref name="names"/> for an error message: "a, b, c and 12 more".</summary>
    public static string Few(IReadOnlyList<string> names, int total)
    {
        const int shown = 10;
        var listed = string.Join(", ", names.Take(shown));
        return total > shown ? $"{listed} and {total - shown} more" : listed;
    }
}
