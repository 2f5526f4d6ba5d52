using System.Globalization;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Identity;

/// <summary>
/// Syntax rules of identity fields. Messages name the field as gRPC spells it and, in brackets, as SCIM does,
/// since both APIs reach these rules.
/// </summary>
public static class IdentityValidation
{
    private const int MaxNameLength = 256;
    private const int MaxExternalIdLength = 256;

    /// <summary>The workspace entitlements Databricks knows; anything else is a typo worth catching.</summary>
    public static readonly IReadOnlySet<string> KnownEntitlements = new HashSet<string>(StringComparer.Ordinal)
    {
        "allow-cluster-create",
        "allow-instance-pool-create",
        "databricks-sql-access",
        "workspace-access",
    };

    public static void UserName(string value) => Name("user_name", "userName", value, "the user's sign-in name, e.g. alice@example.com");

    public static void GroupDisplayName(string value) => Name("display_name", "displayName", value, "the group's name, e.g. data-engineers");

    public static void ServicePrincipalDisplayName(string value) => Name("display_name", "displayName", value, "a name people recognise, e.g. ci-deployer");

    /// <summary>A user's display name may be empty (it then defaults to the user name) but is otherwise a name.</summary>
    public static void OptionalDisplayName(string value)
    {
        if (value.Length > 0)
        {
            Name("display_name", "displayName", value, "");
        }
    }

    public static void ExternalId(string value)
    {
        if (value.Length > MaxExternalIdLength || value.Any(char.IsControl))
        {
            throw LakeplaneException.Invalid("external_id", $"external_id (externalId) must be at most {MaxExternalIdLength} characters without control characters.");
        }
    }

    /// <summary>An application id is a UUID, written as Databricks writes it (lowercase, with hyphens).</summary>
    public static string ApplicationId(string value)
    {
        if (!Guid.TryParseExact(value, "D", out var parsed))
        {
            throw LakeplaneException.Invalid("application_id",
                $"application_id (applicationId) '{value}' is not a UUID: leave it empty to have one generated, or give one like 3f2504e0-4f89-11d3-9a0c-0305e82c3301.");
        }
        return parsed.ToString("D", CultureInfo.InvariantCulture);
    }

    public static void Entitlements(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            if (!KnownEntitlements.Contains(value))
            {
                throw LakeplaneException.Invalid("entitlements",
                    $"entitlements: '{value}' is not an entitlement: use {string.Join(", ", KnownEntitlements.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    public static void RequiredId(string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw LakeplaneException.Invalid(field, $"{field} is required: pass the id the create call returned (or find it by listing with a filter).");
        }
    }

    private static void Name(string field, string scimName, string value, string example)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw LakeplaneException.Invalid(field, $"{field} ({scimName}) is required: {example}.");
        }
        if (value.Length > MaxNameLength)
        {
            throw LakeplaneException.Invalid(field,
                $"{field} ({scimName}) is {value.Length.ToString(CultureInfo.InvariantCulture)} characters long: use at most {MaxNameLength}.");
        }
        if (value.Any(char.IsControl) || value != value.Trim())
        {
            throw LakeplaneException.Invalid(field, $"{field} ({scimName}) must not contain control characters or leading/trailing spaces.");
        }
    }
}
