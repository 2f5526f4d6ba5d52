using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

public abstract class CredentialsTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    [Fact]
    public async Task Create_get_list_delete_over_grpc()
    {
        var lakeplane = daemon.Connect();
        var name = Unique.Name("creds");
        var created = await lakeplane.Account.CreateCredentialsAsync(new CreateCredentialsRequest { AccountId = daemon.AccountId, CredentialsName = name, RoleArn = Fixtures.RoleArn });
        Assert.Equal(name, created.CredentialsName);
        Assert.Equal(daemon.AccountId, created.ExternalId);
        Assert.Equal(daemon.AccountId, created.AccountId);
        Assert.Equal(1, created.Version);
        Assert.InRange(created.CreationTime, DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());

        var read = await lakeplane.Account.GetCredentialsAsync(new GetCredentialsRequest { AccountId = daemon.AccountId, CredentialsId = created.CredentialsId });
        Assert.Equal(created, read);
        var list = await lakeplane.Account.ListCredentialsAsync(new ListCredentialsRequest { AccountId = daemon.AccountId });
        Assert.Contains(list.Credentials, c => c.CredentialsId == created.CredentialsId);

        await lakeplane.Account.DeleteCredentialsAsync(new DeleteCredentialsRequest { AccountId = daemon.AccountId, CredentialsId = created.CredentialsId });
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "credentials_id",
            () => lakeplane.Account.GetCredentialsAsync(new GetCredentialsRequest { AccountId = daemon.AccountId, CredentialsId = created.CredentialsId }));
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "credentials_id",
            () => lakeplane.Account.DeleteCredentialsAsync(new DeleteCredentialsRequest { AccountId = daemon.AccountId, CredentialsId = created.CredentialsId }));
    }

    [Fact]
    public async Task An_empty_account_id_means_the_callers_account()
    {
        var lakeplane = daemon.Connect();
        var created = await lakeplane.Account.CreateCredentialsAsync(new CreateCredentialsRequest { CredentialsName = Unique.Name("creds"), RoleArn = Fixtures.RoleArn });
        Assert.Equal(daemon.AccountId, created.AccountId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("arn:aws:iam::12345678901:role/short-account")]
    [InlineData("arn:aws:iam::1234567890123:role/long-account")]
    [InlineData("arn:aws:iam::123456789012:user/not-a-role")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("arn:aws:iam::123456789012:role/")]
    [InlineData("arn:aws:iam::123456789012:role/has space")]
    [InlineData("arn:aws:iam::abcdefghijkl:role/letters")]
    [InlineData("role/lakeplane")]
    public async Task Role_arn_must_be_an_iam_role_arn(string roleArn)
    {
        var detail = await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "role_arn",
            () => daemon.Connect().Account.CreateCredentialsAsync(new CreateCredentialsRequest { CredentialsName = Unique.Name("c"), RoleArn = roleArn }));
        Assert.Contains("arn:aws:iam::", detail.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/simple")]
    [InlineData("arn:aws:iam::123456789012:role/path/to/role+name=,.@-_")]
    public async Task Valid_role_arns_are_accepted(string roleArn)
    {
        var created = await daemon.Connect().Account.CreateCredentialsAsync(new CreateCredentialsRequest { CredentialsName = Unique.Name("c"), RoleArn = roleArn });
        Assert.Equal(roleArn, created.RoleArn);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" leading-space")]
    [InlineData("tab\tinside")]
    public async Task Credentials_name_is_required_and_clean(string name)
    {
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "credentials_name",
            () => daemon.Connect().Account.CreateCredentialsAsync(new CreateCredentialsRequest { CredentialsName = name, RoleArn = Fixtures.RoleArn }));
    }

    [Fact]
    public async Task Credentials_name_is_at_most_256_characters()
    {
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "credentials_name",
            () => daemon.Connect().Account.CreateCredentialsAsync(new CreateCredentialsRequest { CredentialsName = new string('c', 257), RoleArn = Fixtures.RoleArn }));
    }

    [Fact]
    public async Task Names_are_unique_in_the_account()
    {
        var lakeplane = daemon.Connect();
        var first = await Fixtures.CredentialsAsync(lakeplane);
        var detail = await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "credentials_name",
            () => lakeplane.Account.CreateCredentialsAsync(new CreateCredentialsRequest { CredentialsName = first.CredentialsName, RoleArn = Fixtures.RoleArn }));
        Assert.Contains(first.CredentialsName, detail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_uses_the_databricks_shapes()
    {
        using var http = daemon.Http();
        var name = Unique.Name("creds");
        var response = await http.PostAsJsonAsync(daemon.AccountPath("credentials"),
            new { credentials_name = name, aws_credentials = new { sts_role = new { role_arn = Fixtures.RoleArn } } });
        var created = await Expect.RestOkAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("credentials_id").GetString()!;
        Assert.Equal(name, created.GetProperty("credentials_name").GetString());
        Assert.Equal(Fixtures.RoleArn, created.GetProperty("aws_credentials").GetProperty("sts_role").GetProperty("role_arn").GetString());
        Assert.Equal(daemon.AccountId, created.GetProperty("aws_credentials").GetProperty("sts_role").GetProperty("external_id").GetString());
        Assert.True(created.GetProperty("creation_time").GetInt64() > 0);
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());

        var read = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath($"credentials/{id}")));
        Assert.Equal(id, read.GetProperty("credentials_id").GetString());
        var list = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath("credentials")));
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("credentials_id").GetString() == id);

        await Expect.RestOkAsync(await http.DeleteAsync(daemon.AccountPath($"credentials/{id}")));
        await Expect.RestErrorAsync(await http.GetAsync(daemon.AccountPath($"credentials/{id}")), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Rest_bad_input_is_a_databricks_error_naming_the_field()
    {
        using var http = daemon.Http();
        var message = await Expect.RestErrorAsync(
            await http.PostAsJsonAsync(daemon.AccountPath("credentials"), new { credentials_name = Unique.Name("c"), aws_credentials = new { sts_role = new { role_arn = "nope" } } }),
            HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("role_arn", message, StringComparison.Ordinal);

        using var malformed = new StringContent("{\"credentials_name\": ", System.Text.Encoding.UTF8, "application/json");
        await Expect.RestErrorAsync(await http.PostAsync(daemon.AccountPath("credentials"), malformed), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        using var wrongType = new StringContent("{\"credentials_name\": 12}", System.Text.Encoding.UTF8, "application/json");
        await Expect.RestErrorAsync(await http.PostAsync(daemon.AccountPath("credentials"), wrongType), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }
}

public sealed class CredentialsTestsOnSqlite(DaemonFixture daemon) : CredentialsTests<DaemonFixture>(daemon);

public sealed class CredentialsTestsOnPostgres(PostgresDaemonFixture daemon) : CredentialsTests<PostgresDaemonFixture>(daemon);
