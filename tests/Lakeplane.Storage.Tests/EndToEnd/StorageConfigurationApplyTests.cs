using Lakeplane.Storage.Tests.Support;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Storage.Tests.EndToEnd;

/// <summary>
/// terraform apply against a lakeplaned on the s3 driver and a real s3rver: a storage configuration whose bucket does
/// not exist fails at apply with the bucket named at its attribute, and the same configuration applies once it exists.
/// </summary>
public sealed class StorageConfigurationApplyTests(S3DaemonFixture daemon) : IClassFixture<S3DaemonFixture>
{
    [Fact]
    public async Task A_missing_bucket_fails_apply_naming_it_then_apply_succeeds_once_the_bucket_exists()
    {
        var bucket = VolumeWorld.BucketName("tf-root");
        using var terraform = new TerraformDirectory("storage-bucket", new Dictionary<string, string>
        {
            ["LAKEPLANE_HOST"] = daemon.BaseUrl,
            ["LAKEPLANE_ACCOUNT_ID"] = daemon.AccountId,
            ["LAKEPLANE_TOKEN"] = daemon.AdminToken,
        });
        terraform.WriteMain($$"""
            resource "lakeplane_storage_configuration" "root" {
              storage_configuration_name = "{{bucket}}"
              bucket_name                = "{{bucket}}"
            }
            """);

        (await terraform.ApplyAsync()).Expect(1)
            .ExpectOutput($"bucket_name                = \"{bucket}\"")
            .ExpectOutputUnwrapped($"Bucket '{bucket}' does not exist")
            .ExpectOutputUnwrapped("Create the bucket");
        (await terraform.RunAsync("state", "list")).Expect(0).ExpectNoOutput("lakeplane_storage_configuration.root");

        await daemon.S3.CreateBucketAsync(bucket);
        (await terraform.ApplyAsync()).Expect(0).ExpectOutput("1 added");
        await terraform.ExpectEmptyPlanAsync();
        (await terraform.RunAsync("destroy", "-auto-approve")).Expect(0);
    }
}
