using System.Text.RegularExpressions;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Attributes;

/// <summary>
/// The validators resources attach to attributes: generic ones, and the rules lakeplaned
/// enforces on account objects. The daemon stays authoritative; checking here too means a
/// mistake is reported at `terraform validate`/`plan` time, pointing at the line, instead of
/// halfway through an apply.
/// </summary>
public static partial class Validators
{
    public static IValueValidator Matches(Regex pattern, string expected) => new PatternValidator(pattern, expected);

    public static IValueValidator LengthBetween(int min, int max) => new LengthValidator(min, max);

    public static IValueValidator SizeBetween(int min, int max) => new SizeValidator(min, max);

    public static IValueValidator SizeAtLeast(int min) => new SizeValidator(min, null);

    public static IValueValidator OneOf(params string[] allowed) => new OneOfValidator(allowed);

    /// <summary>Checks every element of a set with <paramref name="element"/>.</summary>
    public static IValueValidator EachInSet(IValueValidator element) => new EachElementValidator(element, isSet: true);

    /// <summary>Checks every element of a list or every value of a map with <paramref name="element"/>.</summary>
    public static IValueValidator Each(IValueValidator element) => new EachElementValidator(element, isSet: false);

    public static readonly IValueValidator Duration = new DurationValidator();

    /// <summary>arn:aws:iam::&lt;12-digit account&gt;:role/&lt;name&gt; (the name may include a path).</summary>
    public static readonly IValueValidator RoleArn =
        Matches(RoleArnPattern(), "an IAM role ARN such as arn:aws:iam::123456789012:role/name (arn:aws:iam::<12-digit account id>:role/<role name>)");

    public static readonly IValueValidator S3BucketName = new S3BucketNameValidator();

    public static readonly IValueValidator VpcId = AwsId("vpc", "vpc-0a1b2c3d4e5f60718");

    public static readonly IValueValidator SubnetId = AwsId("subnet", "subnet-0a1b2c3d4e5f60718");

    public static readonly IValueValidator SecurityGroupId = AwsId("sg", "sg-0a1b2c3d4e5f60718");

    /// <summary>The public AWS regions lakeplaned places workspaces in (commercial, GovCloud, China).</summary>
    public static readonly IValueValidator AwsRegion = new PatternValidator(AwsRegionPattern(), "an AWS region such as us-east-1, us-west-2 or eu-west-1");

    /// <summary>Names of account objects: 1 to 256 characters, no control characters, no leading or trailing spaces.</summary>
    public static readonly IValueValidator ObjectName = new ObjectNameValidator(256);

    public static readonly IValueValidator AwsTags = new AwsTagsValidator();

    /// <summary>Workspace names become part of what users see and type: letters, digits, spaces, hyphens and underscores.</summary>
    public static readonly IValueValidator WorkspaceName =
        Matches(WorkspaceNamePattern(), "1 to 100 letters, digits, spaces, hyphens and underscores, starting with a letter or digit");

    /// <summary>EC2 resource ids: the prefix, a hyphen and 8 (older) or 17 lowercase hex digits.</summary>
    private static IValueValidator AwsId(string prefix, string example) =>
        Matches(new Regex($"^{prefix}-([0-9a-f]{{8}}|[0-9a-f]{{17}})$", RegexOptions.CultureInvariant),
            $"an id of the form {prefix}-<8 or 17 lowercase hex digits>, such as {example}");

    [GeneratedRegex(@"^arn:aws:iam::\d{12}:role/(?:[\w+=,.@-]+/)*[\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(
        "^(us-east-[12]|us-west-[12]|af-south-1|ap-east-[12]|ap-south-[12]|ap-southeast-[1-57]|ap-northeast-[1-3]|ca-central-1|ca-west-1" +
        "|eu-central-[12]|eu-west-[1-3]|eu-south-[12]|eu-north-1|il-central-1|me-south-1|me-central-1|mx-central-1|sa-east-1" +
        "|us-gov-west-1|us-gov-east-1|cn-north-1|cn-northwest-1)$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegionPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 _-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkspaceNamePattern();
}
