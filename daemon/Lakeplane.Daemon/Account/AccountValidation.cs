using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Lakeplane.Daemon.Errors;

namespace Lakeplane.Daemon.Account;

/// <summary>
/// Syntax rules of the account objects' fields, each failing with a message that names the
/// field and says what a valid value looks like. Existence and uniqueness are checked by the services.
/// </summary>
public static partial class AccountValidation
{
    public static void ObjectName(string field, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw LakeplaneException.Invalid(field, $"{field} is required: give the object a name.");
        }
        if (value.Length > 256)
        {
            throw LakeplaneException.Invalid(field, $"{field} is {Count(value.Length)} characters long: use at most 256.");
        }
        if (value.Any(char.IsControl) || value != value.Trim())
        {
            throw LakeplaneException.Invalid(field, $"{field} must not contain control characters or leading/trailing spaces.");
        }
    }

    public static void RoleArn(string value)
    {
        const string field = "role_arn";
        if (string.IsNullOrEmpty(value))
        {
            throw LakeplaneException.Invalid(field, "role_arn is required: the ARN of the cross-account IAM role, e.g. arn:aws:iam::123456789012:role/lakeplane-cross-account.");
        }
        if (!RoleArnPattern().IsMatch(value))
        {
            throw LakeplaneException.Invalid(field,
                $"role_arn '{value}' is not an IAM role ARN: use arn:aws:iam::<12-digit account id>:role/<optional path/><role name>, e.g. arn:aws:iam::123456789012:role/lakeplane-cross-account.");
        }
    }

    /// <summary>The S3 general purpose bucket naming rules.</summary>
    public static void BucketName(string value)
    {
        const string field = "bucket_name";
        string? problem = value switch
        {
            "" => "is required: the name of the S3 bucket that holds the workspace's root storage",
            { Length: < 3 or > 63 } => $"is {Count(value.Length)} characters long: S3 bucket names have 3 to 63",
            _ when !BucketCharacters().IsMatch(value) => "may contain only lowercase letters, digits, dots and hyphens",
            _ when !char.IsAsciiLetterOrDigit(value[0]) || !char.IsAsciiLetterOrDigit(value[^1]) => "must begin and end with a lowercase letter or a digit",
            _ when value.Contains("..", StringComparison.Ordinal) => "must not contain two adjacent dots",
            _ when value.Contains(".-", StringComparison.Ordinal) || value.Contains("-.", StringComparison.Ordinal) => "must not have a dot next to a hyphen",
            _ when IPAddress.TryParse(value, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3
                => "must not be formatted as an IP address",
            _ when value.StartsWith("xn--", StringComparison.Ordinal) || value.StartsWith("sthree-", StringComparison.Ordinal) || value.StartsWith("amzn-s3-demo-", StringComparison.Ordinal)
                => "must not start with the reserved prefixes xn--, sthree- or amzn-s3-demo-",
            _ when value.EndsWith("-s3alias", StringComparison.Ordinal) || value.EndsWith("--ol-s3", StringComparison.Ordinal) || value.EndsWith(".mrap", StringComparison.Ordinal)
                   || value.EndsWith("--x-s3", StringComparison.Ordinal) || value.EndsWith("--table-s3", StringComparison.Ordinal)
                => "must not end with the reserved suffixes -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3",
            _ => null,
        };
        if (problem is not null)
        {
            throw LakeplaneException.Invalid(field, $"bucket_name '{value}' {problem} (see the S3 bucket naming rules).");
        }
    }

    public static void NetworkName(string value)
    {
        const string field = "network_name";
        if (value.Length is < 4 or > 256)
        {
            throw LakeplaneException.Invalid(field, $"network_name is {Count(value.Length)} characters long: use 4 to 256 characters.");
        }
        ObjectName(field, value);
    }

    public static void VpcId(string value) => AwsId("vpc_id", "vpc", value);

    public static void SubnetIds(IReadOnlyList<string> values)
    {
        const string field = "subnet_ids";
        if (values.Count < 2)
        {
            throw LakeplaneException.Invalid(field, $"subnet_ids has {Count(values.Count)} subnet(s): give at least two, in different availability zones.");
        }
        foreach (var value in values)
        {
            AwsId(field, "subnet", value);
        }
        NoDuplicates(field, values);
    }

    public static void SecurityGroupIds(IReadOnlyList<string> values)
    {
        const string field = "security_group_ids";
        if (values.Count is < 1 or > 5)
        {
            throw LakeplaneException.Invalid(field, $"security_group_ids has {Count(values.Count)} security group(s): give one to five.");
        }
        foreach (var value in values)
        {
            AwsId(field, "sg", value);
        }
        NoDuplicates(field, values);
    }

    public static void WorkspaceName(string value)
    {
        const string field = "workspace_name";
        if (string.IsNullOrEmpty(value))
        {
            throw LakeplaneException.Invalid(field, "workspace_name is required.");
        }
        if (value.Length > 100)
        {
            throw LakeplaneException.Invalid(field, $"workspace_name is {Count(value.Length)} characters long: use at most 100.");
        }
        if (!WorkspaceNamePattern().IsMatch(value))
        {
            throw LakeplaneException.Invalid(field,
                $"workspace_name '{value}' may contain only letters, digits, spaces, hyphens and underscores, and must start with a letter or digit.");
        }
    }

    public static void DeploymentName(string value)
    {
        const string field = "deployment_name";
        if (value.Length is < 3 or > 63 || !DeploymentNamePattern().IsMatch(value))
        {
            throw LakeplaneException.Invalid(field,
                $"deployment_name '{value}' must be 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (it becomes part of the workspace URL).");
        }
    }

    public static void AwsRegion(string value)
    {
        const string field = "aws_region";
        if (string.IsNullOrEmpty(value))
        {
            throw LakeplaneException.Invalid(field, "aws_region is required, e.g. us-east-1.");
        }
        if (!AwsRegions.All.Contains(value))
        {
            throw LakeplaneException.Invalid(field, $"aws_region '{value}' is not an AWS region: use one such as us-east-1, us-west-2 or eu-west-1.");
        }
    }

    /// <summary>AWS tag limits: the tags are applied to the workspace's AWS resources.</summary>
    public static void CustomTags(IReadOnlyDictionary<string, string> tags)
    {
        const string field = "custom_tags";
        if (tags.Count > 45)
        {
            throw LakeplaneException.Invalid(field, $"custom_tags has {Count(tags.Count)} tags: use at most 45 (AWS allows 50 per resource and Lakeplane adds its own).");
        }
        foreach (var (key, value) in tags)
        {
            if (key.Length is < 1 or > 127)
            {
                throw LakeplaneException.Invalid(field, $"custom_tags key '{key}' must be 1 to 127 characters long.");
            }
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw LakeplaneException.Invalid(field, $"custom_tags key '{key}' uses the reserved prefix aws:: choose another key.");
            }
            if (value.Length > 255)
            {
                throw LakeplaneException.Invalid(field, $"custom_tags value of '{key}' is {Count(value.Length)} characters long: use at most 255.");
            }
        }
    }

    public static void RequiredId(string field, string value)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw LakeplaneException.Invalid(field, $"{field} is required.");
        }
    }

    private static void AwsId(string field, string prefix, string value)
    {
        if (!AwsIdPattern().IsMatch(value) || !value.StartsWith(prefix + "-", StringComparison.Ordinal))
        {
            throw LakeplaneException.Invalid(field,
                $"{field} contains '{value}', which is not a {prefix} id: use {prefix}- followed by 8 or 17 lowercase hexadecimal digits, e.g. {prefix}-0a1b2c3d4e5f67890.");
        }
    }

    private static void NoDuplicates(string field, IReadOnlyList<string> values)
    {
        var duplicate = values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw LakeplaneException.Invalid(field, $"{field} lists '{duplicate.Key}' more than once: list each id once.");
        }
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^arn:aws:iam::\d{12}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}$")]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex("^[a-z0-9.-]+$")]
    private static partial Regex BucketCharacters();

    [GeneratedRegex("^[a-z]+-(?:[0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex AwsIdPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 _-]*$")]
    private static partial Regex WorkspaceNamePattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex DeploymentNamePattern();
}
