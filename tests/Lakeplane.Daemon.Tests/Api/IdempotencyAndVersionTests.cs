using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

/// <summary>Retries with a request id get the first answer; stale versions are refused, never overwrite.</summary>
public abstract class IdempotencyAndVersionTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    [Fact]
    public async Task A_retried_create_returns_the_first_result_and_creates_once()
    {
        var lakeplane = daemon.Connect();
        var request = new CreateCredentialsRequest { CredentialsName = Unique.Name("creds"), RoleArn = Fixtures.RoleArn, RequestId = Unique.RequestId() };
        var first = await lakeplane.Account.CreateCredentialsAsync(request);
        var retry = await lakeplane.Account.CreateCredentialsAsync(request);
        Assert.Equal(first, retry);
        var all = await lakeplane.Account.ListCredentialsAsync(new ListCredentialsRequest());
        Assert.Single(all.Credentials, c => c.CredentialsName == request.CredentialsName);
    }

    [Fact]
    public async Task A_request_id_reused_for_a_different_request_is_refused()
    {
        var lakeplane = daemon.Connect();
        var requestId = Unique.RequestId();
        await lakeplane.Account.CreateCredentialsAsync(new CreateCredentialsRequest { CredentialsName = Unique.Name("creds"), RoleArn = Fixtures.RoleArn, RequestId = requestId });
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "request_id",
            () => lakeplane.Account.CreateCredentialsAsync(new CreateCredentialsRequest { CredentialsName = Unique.Name("creds"), RoleArn = Fixtures.RoleArn, RequestId = requestId }));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "request_id",
            () => lakeplane.Account.CreateStorageConfigurationAsync(new CreateStorageConfigurationRequest { StorageConfigurationName = Unique.Name("s"), BucketName = "abc", RequestId = requestId }));
    }

    [Fact]
    public async Task Tag_order_does_not_make_a_retry_a_different_request()
    {
        var lakeplane = daemon.Connect();
        var credentials = await Fixtures.CredentialsAsync(lakeplane);
        var storage = await Fixtures.StorageAsync(lakeplane);
        var requestId = Unique.RequestId();
        var name = Unique.Name("ws");
        CreateWorkspaceRequest Request(params (string Key, string Value)[] tags)
        {
            var request = new CreateWorkspaceRequest
            {
                WorkspaceName = name, AwsRegion = "us-east-1", CredentialsId = credentials.CredentialsId, StorageConfigurationId = storage.StorageConfigurationId, RequestId = requestId,
            };
            foreach (var (key, value) in tags)
            {
                request.CustomTags.Add(key, value);
            }
            return request;
        }
        var first = await lakeplane.Account.CreateWorkspaceAsync(Request(("a", "1"), ("b", "2")));
        var retry = await lakeplane.Account.CreateWorkspaceAsync(Request(("b", "2"), ("a", "1")));
        Assert.Equal(first.WorkspaceId, retry.WorkspaceId);
    }

    [Fact]
    public async Task A_retried_delete_succeeds_again()
    {
        var lakeplane = daemon.Connect();
        var credentials = await Fixtures.CredentialsAsync(lakeplane);
        var delete = new DeleteCredentialsRequest { CredentialsId = credentials.CredentialsId, RequestId = Unique.RequestId() };
        await lakeplane.Account.DeleteCredentialsAsync(delete);
        await lakeplane.Account.DeleteCredentialsAsync(delete);
    }

    [Fact]
    public async Task Rest_idempotency_key_makes_a_post_retry_safe()
    {
        using var http = daemon.Http();
        var key = Unique.RequestId();
        var body = new { storage_configuration_name = Unique.Name("s"), root_bucket_info = new { bucket_name = "retry-bucket" } };
        async Task<System.Text.Json.JsonElement> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, daemon.AccountPath("storage-configurations")) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            return await Expect.RestOkAsync(await http.SendAsync(request), HttpStatusCode.Created);
        }
        var first = await PostAsync();
        var second = await PostAsync();
        Assert.Equal(first.GetProperty("storage_configuration_id").GetString(), second.GetProperty("storage_configuration_id").GetString());
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_conflict_and_changes_nothing()
    {
        var lakeplane = daemon.Connect();
        var workspace = await Fixtures.SettledAsync(lakeplane, (await Fixtures.WorkspaceAsync(lakeplane)).WorkspaceId);
        var updated = await lakeplane.Account.UpdateWorkspaceAsync(new UpdateWorkspaceRequest
        {
            WorkspaceId = workspace.WorkspaceId, UpdateCustomTags = true, CustomTags = { ["v"] = "2" }, ExpectedVersion = workspace.Version,
        });
        Assert.Equal(workspace.Version + 1, updated.Version);

        await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "expected_version",
            () => lakeplane.Account.UpdateWorkspaceAsync(new UpdateWorkspaceRequest
            {
                WorkspaceId = workspace.WorkspaceId, UpdateCustomTags = true, CustomTags = { ["v"] = "stale" }, ExpectedVersion = workspace.Version,
            }));
        await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "expected_version",
            () => lakeplane.Account.DeleteWorkspaceAsync(new DeleteWorkspaceRequest { WorkspaceId = workspace.WorkspaceId, ExpectedVersion = workspace.Version }));
        var current = await lakeplane.Account.GetWorkspaceAsync(new GetWorkspaceRequest { WorkspaceId = workspace.WorkspaceId });
        Assert.Equal("2", current.CustomTags["v"]);
        await lakeplane.Account.DeleteWorkspaceAsync(new DeleteWorkspaceRequest { WorkspaceId = workspace.WorkspaceId, ExpectedVersion = current.Version });
    }

    [Fact]
    public async Task Rest_if_match_carries_the_etag()
    {
        var lakeplane = daemon.Connect();
        var credentials = await Fixtures.CredentialsAsync(lakeplane);
        using var http = daemon.Http();
        var path = daemon.AccountPath($"credentials/{credentials.CredentialsId}");
        var etag = (await http.GetAsync(path)).Headers.ETag!.ToString();
        Assert.Equal("\"1\"", etag);

        using var stale = new HttpRequestMessage(HttpMethod.Delete, path);
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await Expect.RestErrorAsync(await http.SendAsync(stale), HttpStatusCode.Conflict, "RESOURCE_CONFLICT");

        using var garbage = new HttpRequestMessage(HttpMethod.Delete, path);
        garbage.Headers.TryAddWithoutValidation("If-Match", "\"seven\"");
        await Expect.RestErrorAsync(await http.SendAsync(garbage), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        using var current = new HttpRequestMessage(HttpMethod.Delete, path);
        current.Headers.TryAddWithoutValidation("If-Match", etag);
        await Expect.RestOkAsync(await http.SendAsync(current));
    }
}

public sealed class IdempotencyAndVersionTestsOnSqlite(DaemonFixture daemon) : IdempotencyAndVersionTests<DaemonFixture>(daemon);

public sealed class IdempotencyAndVersionTestsOnPostgres(PostgresDaemonFixture daemon) : IdempotencyAndVersionTests<PostgresDaemonFixture>(daemon);
