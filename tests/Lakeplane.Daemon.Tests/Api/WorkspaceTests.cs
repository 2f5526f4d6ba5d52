using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

public abstract class WorkspaceTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    [Fact]
    public async Task A_workspace_provisions_then_runs_with_its_root_storage()
    {
        var lakeplane = daemon.Connect();
        var created = await Fixtures.WorkspaceAsync(lakeplane, withNetwork: true);
        Assert.Equal("PROVISIONING", created.WorkspaceStatus);
        Assert.True(created.WorkspaceId > 0);
        Assert.False(string.IsNullOrEmpty(created.DeploymentName));
        Assert.Equal($"{daemon.BaseUrl}/w/{created.DeploymentName}", created.WorkspaceUrl);

        var running = await Fixtures.SettledAsync(lakeplane, created.WorkspaceId);
        Assert.Equal("RUNNING", running.WorkspaceStatus);
        Assert.True(running.Version > created.Version);
        // Local storage: s3://<bucket>/<deployment name> is <data-dir>/storage/<bucket>/<deployment name>.
        var bucket = (await lakeplane.Account.GetStorageConfigurationAsync(new GetStorageConfigurationRequest { StorageConfigurationId = created.StorageConfigurationId })).BucketName;
        Assert.True(Directory.Exists(Path.Combine(daemon.DataDirectory, "storage", bucket, created.DeploymentName)));

        var network = await lakeplane.Account.GetNetworkAsync(new GetNetworkRequest { NetworkId = created.NetworkId });
        Assert.Equal("VALID", network.VpcStatus);
        Assert.Equal(created.WorkspaceId, network.WorkspaceId);
    }

    [Fact]
    public async Task Provisioning_fails_with_a_message_when_storage_cannot_be_created()
    {
        var lakeplane = daemon.Connect();
        var deployment = "blocked-" + Guid.NewGuid().ToString("N")[..8];
        var storage = await Fixtures.StorageAsync(lakeplane);
        Directory.CreateDirectory(Path.Combine(daemon.DataDirectory, "storage", storage.BucketName));
        // A file where the workspace's root prefix must go.
        await File.WriteAllTextAsync(Path.Combine(daemon.DataDirectory, "storage", storage.BucketName, deployment), "in the way");
        var credentials = await Fixtures.CredentialsAsync(lakeplane);
        var created = await lakeplane.Account.CreateWorkspaceAsync(new CreateWorkspaceRequest
        {
            AccountId = lakeplane.AccountId, WorkspaceName = Unique.Name("ws"), AwsRegion = "us-east-1",
            CredentialsId = credentials.CredentialsId, StorageConfigurationId = storage.StorageConfigurationId, DeploymentName = deployment,
        });
        var settled = await Fixtures.SettledAsync(lakeplane, created.WorkspaceId);
        Assert.Equal("FAILED", settled.WorkspaceStatus);
        Assert.Contains("root storage", settled.WorkspaceStatusMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deployment_names_are_unique_and_valid()
    {
        var lakeplane = daemon.Connect();
        var deployment = "dep-" + Guid.NewGuid().ToString("N")[..8];
        await Fixtures.WorkspaceAsync(lakeplane, deploymentName: deployment);
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "deployment_name",
            () => Fixtures.WorkspaceAsync(lakeplane, deploymentName: deployment));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "deployment_name",
            () => Fixtures.WorkspaceAsync(lakeplane, deploymentName: "Not_Valid"));
    }

    [Theory]
    [InlineData("workspace_name", "")]
    [InlineData("workspace_name", "-starts-with-hyphen")]
    [InlineData("workspace_name", "has/slash")]
    [InlineData("aws_region", "")]
    [InlineData("aws_region", "us-east-9")]
    [InlineData("aws_region", "mars-north-1")]
    [InlineData("credentials_id", "")]
    [InlineData("credentials_id", "00000000-0000-0000-0000-000000000000")]
    [InlineData("storage_configuration_id", "")]
    [InlineData("storage_configuration_id", "00000000-0000-0000-0000-000000000000")]
    [InlineData("network_id", "00000000-0000-0000-0000-000000000000")]
    public async Task Bad_create_input_names_the_field(string field, string value)
    {
        var lakeplane = daemon.Connect();
        var request = await ValidCreateRequestAsync(lakeplane);
        switch (field)
        {
            case "workspace_name": request.WorkspaceName = value; break;
            case "aws_region": request.AwsRegion = value; break;
            case "credentials_id": request.CredentialsId = value; break;
            case "storage_configuration_id": request.StorageConfigurationId = value; break;
            case "network_id": request.NetworkId = value; break;
        }
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", field, () => lakeplane.Account.CreateWorkspaceAsync(request));
    }

    [Fact]
    public async Task Custom_tags_follow_the_aws_tag_limits()
    {
        var lakeplane = daemon.Connect();
        var request = await ValidCreateRequestAsync(lakeplane);
        request.CustomTags.Add("aws:reserved", "x");
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "custom_tags", () => lakeplane.Account.CreateWorkspaceAsync(request));
        request.CustomTags.Clear();
        request.CustomTags.Add("team", new string('v', 256));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "custom_tags", () => lakeplane.Account.CreateWorkspaceAsync(request));
    }

    [Fact]
    public async Task Workspace_names_are_unique()
    {
        var lakeplane = daemon.Connect();
        var first = await Fixtures.WorkspaceAsync(lakeplane);
        var request = await ValidCreateRequestAsync(lakeplane);
        request.WorkspaceName = first.WorkspaceName;
        await Expect.RpcErrorAsync(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "workspace_name", () => lakeplane.Account.CreateWorkspaceAsync(request));
    }

    [Fact]
    public async Task A_network_serves_one_workspace()
    {
        var lakeplane = daemon.Connect();
        var first = await Fixtures.WorkspaceAsync(lakeplane, withNetwork: true);
        var request = await ValidCreateRequestAsync(lakeplane);
        request.NetworkId = first.NetworkId;
        var detail = await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", "network_id", () => lakeplane.Account.CreateWorkspaceAsync(request));
        Assert.Contains(first.WorkspaceId.ToString(CultureInfo.InvariantCulture), detail.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Objects_in_use_cannot_be_deleted_and_the_error_names_the_workspace()
    {
        var lakeplane = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(lakeplane, withNetwork: true);
        var calls = new Func<AsyncUnaryCall<DeleteResponse>>[]
        {
            () => lakeplane.Account.DeleteCredentialsAsync(new DeleteCredentialsRequest { CredentialsId = workspace.CredentialsId }),
            () => lakeplane.Account.DeleteStorageConfigurationAsync(new DeleteStorageConfigurationRequest { StorageConfigurationId = workspace.StorageConfigurationId }),
            () => lakeplane.Account.DeleteNetworkAsync(new DeleteNetworkRequest { NetworkId = workspace.NetworkId }),
        };
        foreach (var call in calls)
        {
            var detail = await Expect.RpcErrorAsync(StatusCode.FailedPrecondition, "RESOURCE_CONFLICT", null, call);
            Assert.Contains(workspace.WorkspaceName, detail.Message, StringComparison.Ordinal);
        }
        using var http = daemon.Http();
        var message = await Expect.RestErrorAsync(await http.DeleteAsync(daemon.AccountPath($"credentials/{workspace.CredentialsId}")), HttpStatusCode.Conflict, "RESOURCE_CONFLICT");
        Assert.Contains(workspace.WorkspaceName, message, StringComparison.Ordinal);

        // Once the workspace is gone they can go, and the network is free again first.
        await lakeplane.Account.DeleteWorkspaceAsync(new DeleteWorkspaceRequest { WorkspaceId = workspace.WorkspaceId });
        Assert.Equal("UNATTACHED", (await lakeplane.Account.GetNetworkAsync(new GetNetworkRequest { NetworkId = workspace.NetworkId })).VpcStatus);
        foreach (var call in calls)
        {
            await call();
        }
        await Expect.RpcErrorAsync(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "workspace_id",
            () => lakeplane.Account.GetWorkspaceAsync(new GetWorkspaceRequest { WorkspaceId = workspace.WorkspaceId }));
    }

    [Fact]
    public async Task Update_changes_credentials_network_and_tags_in_place()
    {
        var lakeplane = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(lakeplane, withNetwork: true);
        var credentials = await Fixtures.CredentialsAsync(lakeplane);
        var network = await Fixtures.NetworkAsync(lakeplane);
        var update = new UpdateWorkspaceRequest
        {
            WorkspaceId = workspace.WorkspaceId,
            CredentialsId = credentials.CredentialsId,
            NetworkId = network.NetworkId,
            UpdateCustomTags = true,
            CustomTags = { ["team"] = "data" },
        };
        var updated = await lakeplane.Account.UpdateWorkspaceAsync(update);
        Assert.Equal(workspace.WorkspaceId, updated.WorkspaceId);
        Assert.Equal(credentials.CredentialsId, updated.CredentialsId);
        Assert.Equal(network.NetworkId, updated.NetworkId);
        Assert.Equal("data", updated.CustomTags["team"]);
        Assert.Equal(workspace.DeploymentName, updated.DeploymentName);
        Assert.Equal("UNATTACHED", (await lakeplane.Account.GetNetworkAsync(new GetNetworkRequest { NetworkId = workspace.NetworkId })).VpcStatus);
        Assert.Equal("VALID", (await lakeplane.Account.GetNetworkAsync(new GetNetworkRequest { NetworkId = network.NetworkId })).VpcStatus);

        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "credentials_id",
            () => lakeplane.Account.UpdateWorkspaceAsync(new UpdateWorkspaceRequest { WorkspaceId = workspace.WorkspaceId, CredentialsId = Guid.NewGuid().ToString() }));
    }

    [Fact]
    public async Task Rest_patch_allows_only_the_in_place_fields()
    {
        var lakeplane = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(lakeplane);
        using var http = daemon.Http();
        var path = daemon.AccountPath($"workspaces/{workspace.WorkspaceId}");
        foreach (var field in new[] { "workspace_name", "aws_region", "storage_configuration_id", "deployment_name" })
        {
            using var content = JsonContent.Create(new Dictionary<string, string> { [field] = "changed" });
            var message = await Expect.RestErrorAsync(await http.PatchAsync(path, content), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
            Assert.Contains(field, message, StringComparison.Ordinal);
        }
        var unknown = await Expect.RestErrorAsync(await http.PatchAsync(path, JsonContent.Create(new { colour = "blue" })), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("colour", unknown, StringComparison.Ordinal);
        await Expect.RestErrorAsync(await http.PatchAsync(path, JsonContent.Create(new[] { 1, 2 })), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await Expect.RestErrorAsync(await http.PatchAsync(path, JsonContent.Create(new { custom_tags = new { owner = 7 } })), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var patched = await Expect.RestOkAsync(await http.PatchAsync(path, JsonContent.Create(new { custom_tags = new { owner = "platform" } })));
        Assert.Equal("platform", patched.GetProperty("custom_tags").GetProperty("owner").GetString());
        Assert.Equal(workspace.WorkspaceName, patched.GetProperty("workspace_name").GetString());
    }

    [Fact]
    public async Task Rest_uses_the_databricks_shapes()
    {
        var lakeplane = daemon.Connect();
        var credentials = await Fixtures.CredentialsAsync(lakeplane);
        var storage = await Fixtures.StorageAsync(lakeplane);
        using var http = daemon.Http();
        var name = Unique.Name("rest-ws");
        var created = await Expect.RestOkAsync(await http.PostAsJsonAsync(daemon.AccountPath("workspaces"), new
        {
            workspace_name = name, aws_region = "eu-west-1", credentials_id = credentials.CredentialsId,
            storage_configuration_id = storage.StorageConfigurationId, custom_tags = new { env = "test" },
        }), HttpStatusCode.Created);
        var id = created.GetProperty("workspace_id").GetInt64();
        Assert.Equal("PROVISIONING", created.GetProperty("workspace_status").GetString());
        Assert.Equal("eu-west-1", created.GetProperty("aws_region").GetString());
        Assert.False(string.IsNullOrEmpty(created.GetProperty("deployment_name").GetString()));

        var list = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath("workspaces")));
        Assert.Contains(list.EnumerateArray(), w => w.GetProperty("workspace_id").GetInt64() == id);
        await Fixtures.SettledAsync(lakeplane, id);
        var read = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath($"workspaces/{id}")));
        Assert.Equal("RUNNING", read.GetProperty("workspace_status").GetString());

        await Expect.RestOkAsync(await http.DeleteAsync(daemon.AccountPath($"workspaces/{id}")));
        await Expect.RestErrorAsync(await http.GetAsync(daemon.AccountPath($"workspaces/{id}")), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        await Expect.RestErrorAsync(await http.GetAsync(daemon.AccountPath("workspaces/not-a-number")), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    private static async Task<CreateWorkspaceRequest> ValidCreateRequestAsync(Lakeplane.Protos.Client.LakeplaneConnection lakeplane) => new()
    {
        WorkspaceName = Unique.Name("ws"),
        AwsRegion = "us-west-2",
        CredentialsId = (await Fixtures.CredentialsAsync(lakeplane)).CredentialsId,
        StorageConfigurationId = (await Fixtures.StorageAsync(lakeplane)).StorageConfigurationId,
    };
}

public sealed class WorkspaceTestsOnSqlite(DaemonFixture daemon) : WorkspaceTests<DaemonFixture>(daemon);

public sealed class WorkspaceTestsOnPostgres(PostgresDaemonFixture daemon) : WorkspaceTests<PostgresDaemonFixture>(daemon);
