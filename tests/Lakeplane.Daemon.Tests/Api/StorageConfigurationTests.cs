using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

public abstract class StorageConfigurationTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("Uppercase-bucket")]
    [InlineData("under_score")]
    [InlineData("-starts-with-hyphen")]
    [InlineData("ends-with-hyphen-")]
    [InlineData("two..dots")]
    [InlineData("dot.-hyphen")]
    [InlineData("192.168.5.4")]
    [InlineData("xn--punycode")]
    [InlineData("access-point-s3alias")]
    [InlineData("sthree-reserved")]
    [InlineData("a-bucket-name-that-is-far-too-long-to-be-accepted-by-amazon-s3-x")]
    public async Task Bucket_names_follow_the_s3_rules(string bucket)
    {
        var detail = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "bucket_name",
            () => daemon.Connect().Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
            {
                StorageConfigurationName = Unique.Name("s"), BucketName = bucket,
            }));
        Assert.Contains("S3", detail.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("my.bucket-1")]
    [InlineData("123bucket")]
    public async Task Valid_bucket_names_are_accepted(string bucket)
    {
        var created = await daemon.Connect().Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
        {
            StorageConfigurationName = Unique.Name("s"), BucketName = bucket,
        });
        Assert.Equal(bucket, created.BucketName);
    }

    [Fact]
    public async Task Storage_configuration_name_is_required_and_unique()
    {
        var lakeplane = daemon.Connect();
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "storage_configuration_name",
            () => lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest { BucketName = "valid-bucket" }));
        var first = await Fixtures.StorageAsync(lakeplane);
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "storage_configuration_name",
            () => lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest
            {
                StorageConfigurationName = first.StorageConfigurationName, BucketName = "another-bucket",
            }));
    }

    [Fact]
    public async Task Rest_uses_the_databricks_shapes()
    {
        using var http = daemon.Http();
        var name = Unique.Name("storage");
        var created = await Expect.RestOkAsync(
            await http.PostAsJsonAsync(daemon.AccountPath("storage-configurations"), new { storage_configuration_name = name, root_bucket_info = new { bucket_name = "lakeplane-root" } }),
            HttpStatusCode.Created);
        var id = created.GetProperty("storage_configuration_id").GetString()!;
        Assert.Equal("lakeplane-root", created.GetProperty("root_bucket_info").GetProperty("bucket_name").GetString());
        Assert.Equal(daemon.AccountId, created.GetProperty("account_id").GetString());

        var read = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath($"storage-configurations/{id}")));
        Assert.Equal(name, read.GetProperty("storage_configuration_name").GetString());
        var list = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath("storage-configurations")));
        Assert.Contains(list.EnumerateArray(), s => s.GetProperty("storage_configuration_id").GetString() == id);
        await Expect.RestOkAsync(await http.DeleteAsync(daemon.AccountPath($"storage-configurations/{id}")));
        await Expect.RestErrorAsync(await http.DeleteAsync(daemon.AccountPath($"storage-configurations/{id}")), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }
}

public sealed class StorageConfigurationTestsOnSqlite(DaemonFixture daemon) : StorageConfigurationTests<DaemonFixture>(daemon);

public sealed class StorageConfigurationTestsOnPostgres(PostgresDaemonFixture daemon) : StorageConfigurationTests<PostgresDaemonFixture>(daemon);
