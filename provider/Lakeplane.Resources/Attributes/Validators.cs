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

    /// <summary>An AWS region name such as us-east-1, eu-west-2 or us-gov-west-1.</summary>
    public static readonly IValueValidator AwsRegion =
        Matches(AwsRegionPattern(), "an AWS region such as us-east-1 or eu-west-1");

    /// <summary>EC2 resource ids: the prefix, a hyphen and 8 (older) or 17 lowercase hex digits.</summary>
    private static IValueValidator AwsId(string prefix, string example) =>
        Matches(new Regex($"^{prefix}-([0-9a-f]{{8}}|[0-9a-f]{{17}})$", RegexOptions.CultureInvariant),
            $"an id of the form {prefix}-<8 or 17 lowercase hex digits>, such as {example}");

    [GeneratedRegex(@"^arn:aws:iam::\d{12}:role/[\w+=,.@/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex AwsRegionPattern();
}
