using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// `terraform validate` on a configuration full of mistakes, no daemon involved: every one is
/// reported with the rule and how to meet it, pointing at the offending attribute's line.
/// </summary>
public sealed class ValidationDiagnosticsTests
{
    [Fact]
    public async Task Validation_points_at_each_invalid_attribute()
    {
        using var terraform = new TerraformDirectory("validate", lakeplane: null);
        terraform.WriteMain("""
            resource "lakeplane_credentials" "bad" {
              credentials_name = "bad"
              role_arn         = "arn:aws:iam::123:role/x"
            }

            resource "lakeplane_storage_configuration" "bad" {
              storage_configuration_name = "bad"
              bucket_name                = "Bad_Bucket"
            }

            resource "lakeplane_network" "bad" {
              network_name       = "net"
              vpc_id             = "vpc-xyz"
              subnet_ids         = ["subnet-0a1b2c3d"]
              security_group_ids = ["sg-1", "sg-00000001"]
            }

            resource "lakeplane_workspace" "bad" {
              workspace_name           = "ws"
              aws_region               = "mars-north-1"
              credentials_id           = "c"
              storage_configuration_id = "s"
              custom_tags = {
                "aws:owner" = "me"
              }

              timeouts {
                create = "soon"
              }
            }

            resource "lakeplane_token" "bad" {
              workspace_id     = 1
              lifetime_seconds = -5
              token_value      = "not settable"
            }
            """);

        (await terraform.RunAsync("validate")).Expect(1)
            .ExpectDiagnostic("Invalid role_arn", "role_arn         = \"arn:aws:iam::123:role/x\"", "\"role_arn\" must be an IAM role ARN such as arn:aws:iam::123456789012:role/name")
            .ExpectDiagnostic("Invalid bucket_name", "bucket_name                = \"Bad_Bucket\"", "may contain only lowercase letters, digits, dots and hyphens")
            .ExpectDiagnostic("Invalid network_name", "network_name       = \"net\"", "must be 4 to 256 characters long; it has 3")
            .ExpectDiagnostic("Invalid vpc_id", "vpc_id             = \"vpc-xyz\"", "vpc-<8 or 17 lowercase hex digits>")
            .ExpectDiagnostic("Invalid subnet_ids", "subnet_ids         = [\"subnet-0a1b2c3d\"]", "must have at least 2 elements; it has 1")
            .ExpectDiagnostic("Invalid security_group_ids", "security_group_ids = [\"sg-1\", \"sg-00000001\"]", "An element of \"security_group_ids\" must be an id of the form sg-")
            .ExpectDiagnostic("Invalid aws_region", "aws_region               = \"mars-north-1\"", "must be an AWS region such as us-east-1")
            .ExpectDiagnostic("Invalid custom_tags", "\"aws:owner\" = \"me\"", "which AWS reserves")
            .ExpectDiagnostic("Invalid create", "create = \"soon\"", "\"timeouts.create\" must be a duration such as \"20m\"")
            .ExpectDiagnostic("Invalid lifetime_seconds", "lifetime_seconds = -5", "must be 0 (never expires) or a positive number")
            .ExpectOutput("token_value");
    }
}
