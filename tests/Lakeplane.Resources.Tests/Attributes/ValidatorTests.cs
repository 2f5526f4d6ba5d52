using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;

namespace Lakeplane.Resources.Tests.Attributes;

public sealed class ValidatorTests
{
    private static Diagnostics Run(IValueValidator validator, Value value, string attribute = "attr")
    {
        var diagnostics = new Diagnostics();
        validator.Validate(value, AttributePath.Of(attribute), diagnostics);
        return diagnostics;
    }

    private static Value Set(params string[] elements) => new CollectionValue(elements.Select(e => Value.Of(e)).ToArray());

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/lakeplane-crossaccount")]
    [InlineData("arn:aws:iam::123456789012:role/path/to/Role_Name+=,.@-1")]
    public void Role_arn_accepts_iam_role_arns(string arn) => Assert.Empty(Run(Validators.RoleArn, Value.Of(arn)).Items);

    [Theory]
    [InlineData("arn:aws:iam::12345678901:role/short-account")]
    [InlineData("arn:aws:iam::123456789012:user/not-a-role")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("arn:aws:iam::123456789012:role/")]
    [InlineData("role/name")]
    [InlineData("arn:aws:iam::123456789012:role/a-role-name-longer-than-sixty-four-characters-which-iam-does-not-allow")]
    public void Role_arn_rejects_others_naming_rule_and_example(string arn)
    {
        var diagnostic = Assert.Single(Run(Validators.RoleArn, Value.Of(arn), "role_arn").Items);

        Assert.Equal(Severity.Error, diagnostic.Severity);
        Assert.Equal(AttributePath.Of("role_arn"), diagnostic.Path);
        Assert.Equal("Invalid role_arn", diagnostic.Summary);
        Assert.Contains("\"role_arn\" must be an IAM role ARN such as arn:aws:iam::123456789012:role/name", diagnostic.Detail);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("acme-lakeplane-prod-root")]
    [InlineData("my.bucket.name")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void S3_bucket_name_accepts_valid_names(string name) => Assert.Empty(Run(Validators.S3BucketName, Value.Of(name)).Items);

    [Theory]
    [InlineData("ab", "3 to 63 characters")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", "3 to 63 characters")]
    [InlineData("My-Bucket", "lowercase letters, digits, dots and hyphens")]
    [InlineData("bucket_name", "lowercase letters, digits, dots and hyphens")]
    [InlineData("-bucket", "begin and end with a lowercase letter or digit")]
    [InlineData("bucket.", "begin and end with a lowercase letter or digit")]
    [InlineData("my..bucket", "two adjacent dots")]
    [InlineData("192.168.5.4", "IP address")]
    [InlineData("my-.bucket", "dot next to a hyphen")]
    [InlineData("xn--bucket", "S3 reserves them")]
    [InlineData("bucket-s3alias", "S3 reserves them")]
    public void S3_bucket_name_reports_the_broken_rule(string name, string rule)
    {
        var diagnostics = Run(Validators.S3BucketName, Value.Of(name), "bucket_name");

        var diagnostic = Assert.Single(diagnostics.Items);
        Assert.Equal(AttributePath.Of("bucket_name"), diagnostic.Path);
        Assert.Contains(rule, diagnostic.Detail);
        Assert.Contains("S3 bucket naming rules", diagnostic.Detail);
    }

    [Theory]
    [InlineData("vpc-0a1b2c3d", true)]
    [InlineData("vpc-0a1b2c3d4e5f60718", true)]
    [InlineData("vpc-0a1b2c3", false)]
    [InlineData("vpc-0a1b2c3d4e5f6071", false)]
    [InlineData("vpc-0A1B2C3D", false)]
    [InlineData("subnet-0a1b2c3d", false)]
    public void Vpc_id_is_vpc_and_8_or_17_hex_digits(string id, bool valid)
    {
        var diagnostics = Run(Validators.VpcId, Value.Of(id), "vpc_id");
        Assert.Equal(valid, !diagnostics.HasErrors);
        if (!valid)
        {
            Assert.Contains("vpc-<8 or 17 lowercase hex digits>", diagnostics.Items[0].Detail);
        }
    }

    [Fact]
    public void Subnet_and_security_group_ids_have_their_prefixes()
    {
        Assert.Empty(Run(Validators.SubnetId, Value.Of("subnet-0a1b2c3d4e5f60718")).Items);
        Assert.Empty(Run(Validators.SecurityGroupId, Value.Of("sg-0a1b2c3d")).Items);
        Assert.NotEmpty(Run(Validators.SubnetId, Value.Of("sg-0a1b2c3d")).Items);
        Assert.NotEmpty(Run(Validators.SecurityGroupId, Value.Of("subnet-0a1b2c3d")).Items);
    }

    [Theory]
    [InlineData("abc", false)]
    [InlineData("abcd", true)]
    [InlineData("256", false)]
    public void Length_between_counts_characters(string kind, bool valid)
    {
        var text = kind switch { "256" => new string('n', 257), _ => kind };
        var diagnostics = Run(Validators.LengthBetween(4, 256), Value.Of(text), "network_name");
        Assert.Equal(valid, !diagnostics.HasErrors);
        if (!valid)
        {
            Assert.Contains("\"network_name\" must be 4 to 256 characters long", diagnostics.Items[0].Detail);
        }
    }

    [Fact]
    public void Size_at_least_counts_distinct_set_elements()
    {
        var one = Run(Validators.SizeAtLeast(2), Set("subnet-0a1b2c3d", "subnet-0a1b2c3d"), "subnet_ids");
        var two = Run(Validators.SizeAtLeast(2), Set("subnet-0a1b2c3d", "subnet-1a1b2c3d"), "subnet_ids");

        Assert.Contains("\"subnet_ids\" must have at least 2 elements; it has 1. Add 1 more.", Assert.Single(one.Items).Detail);
        Assert.Empty(two.Items);
    }

    [Fact]
    public void Size_between_bounds_both_ends()
    {
        var validator = Validators.SizeBetween(1, 5);

        Assert.NotEmpty(Run(validator, Set()).Items);
        Assert.Empty(Run(validator, Set("sg-00000001")).Items);
        Assert.Empty(Run(validator, Set("sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005")).Items);
        var six = Run(validator, Set("sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005", "sg-00000006"), "security_group_ids");
        Assert.Contains("must have 1 to 5 elements; it has 6. Remove 1.", Assert.Single(six.Items).Detail);
    }

    [Fact]
    public void Size_is_not_judged_while_elements_are_unknown()
    {
        var partly = new CollectionValue([Value.Unknown]);
        Assert.Empty(Run(Validators.SizeAtLeast(2), partly).Items);
    }

    [Fact]
    public void Each_in_set_checks_known_elements_and_says_an_element_is_wrong()
    {
        var value = new CollectionValue([Value.Of("subnet-0a1b2c3d"), Value.Of("subnet-bad"), Value.Unknown]);
        var diagnostic = Assert.Single(Run(Validators.EachInSet(Validators.SubnetId), value, "subnet_ids").Items);

        Assert.Equal(AttributePath.Of("subnet_ids"), diagnostic.Path);
        Assert.StartsWith("An element of \"subnet_ids\" must be an id of the form subnet-", diagnostic.Detail);
    }

    [Fact]
    public void Each_in_list_and_map_points_at_the_element()
    {
        var list = Run(Validators.Each(Validators.LengthBetween(1, 3)), new CollectionValue([Value.Of("ok"), Value.Of("toolong")]), "names");
        var map = Run(Validators.Each(Validators.LengthBetween(1, 3)), new ObjectValue(new Dictionary<string, Value> { ["env"] = Value.Of("toolong") }), "tags");

        Assert.Equal(AttributePath.Of("names").Index(1), Assert.Single(list.Items).Path);
        Assert.Equal(AttributePath.Of("tags").Key("env"), Assert.Single(map.Items).Path);
    }

    [Fact]
    public void One_of_lists_the_choices()
    {
        var validator = Validators.OneOf("RUNNING", "FAILED");
        Assert.Empty(Run(validator, Value.Of("RUNNING")).Items);
        Assert.Contains("must be one of \"RUNNING\", \"FAILED\"", Assert.Single(Run(validator, Value.Of("running")).Items).Detail);
    }

    [Theory]
    [InlineData("us-east-1", true)]
    [InlineData("eu-west-2", true)]
    [InlineData("us-gov-west-1", true)]
    [InlineData("US-EAST-1", false)]
    [InlineData("useast1", false)]
    [InlineData("us-east-9", false)]
    [InlineData("cn-northwest-1", true)]
    public void Aws_region(string region, bool valid) => Assert.Equal(valid, !Run(Validators.AwsRegion, Value.Of(region)).HasErrors);

    [Fact]
    public void Validators_never_echo_the_value()
    {
        const string value = "SECRET-VALUE-xyz";
        var all = new[] { Validators.RoleArn, Validators.S3BucketName, Validators.VpcId, Validators.LengthBetween(100, 200), Validators.OneOf("a"), Validators.Duration };
        foreach (var validator in all)
        {
            var diagnostics = Run(validator, Value.Of(value));
            Assert.NotEmpty(diagnostics.Items);
            Assert.All(diagnostics.Items, d => Assert.DoesNotContain(value, d.Summary + d.Detail));
        }
    }

    [Fact]
    public void Null_and_other_kinds_are_left_to_the_type_checks()
    {
        Assert.Empty(Run(Validators.RoleArn, Value.Of(3L)).Items);
        Assert.Empty(Run(Validators.SizeAtLeast(2), Value.Of("x")).Items);
    }

    [Theory]
    [InlineData("prod-crossaccount", true)]
    [InlineData("", false)]
    [InlineData(" padded", false)]
    [InlineData("tab\there", false)]
    public void Object_names(string name, bool valid) => Assert.Equal(valid, !Run(Validators.ObjectName, Value.Of(name)).HasErrors);

    [Theory]
    [InlineData("prod", true)]
    [InlineData("Data Team_1-a", true)]
    [InlineData("-prod", false)]
    [InlineData("prod/eu", false)]
    public void Workspace_names(string name, bool valid) => Assert.Equal(valid, !Run(Validators.WorkspaceName, Value.Of(name)).HasErrors);

    [Fact]
    public void Aws_tags_point_at_the_offending_key()
    {
        var tags = new ObjectValue(new Dictionary<string, Value>
        {
            ["team"] = Value.Of("platform"),
            ["aws:owner"] = Value.Of("x"),
            ["long"] = Value.Of(new string('v', 256)),
        });
        var diagnostics = Run(Validators.AwsTags, tags, "custom_tags");

        Assert.Equal(2, diagnostics.Items.Count);
        Assert.Contains(diagnostics.Items, d => Equals(d.Path, AttributePath.Of("custom_tags").Key("aws:owner")) && d.Detail.Contains("reserves"));
        Assert.Contains(diagnostics.Items, d => Equals(d.Path, AttributePath.Of("custom_tags").Key("long")) && d.Detail.Contains("255"));
    }
}
