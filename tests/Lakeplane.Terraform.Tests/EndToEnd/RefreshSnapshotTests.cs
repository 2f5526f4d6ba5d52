using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.Client.RefreshSnapshots;
using Lakeplane.Protos.V1;
using Lakeplane.Resources.Resources.Common;
using Lakeplane.Terraform.Tests.EndToEnd.Support;

namespace Lakeplane.Terraform.Tests.EndToEnd;

/// <summary>
/// The refresh path's one List per type (ListedReadSnapshots) against a real lakeplaned over gRPC: it saves the
/// round trips, and drift still shows: a deletion, an edit made before the refresh, a mutation made through the
/// same connection. Each test uses a connection of its own, as each provider process has one.
/// </summary>
public sealed class RefreshSnapshotTests(DaemonFixture fixture) : IClassFixture<DaemonFixture>
{
    private static readonly string[] Subnets = ["subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718"];
    private static readonly string[] SecurityGroups = ["sg-0a1b2c3d4e5f60718"];

    private readonly OutOfBand _outOfBand = new(fixture.Daemon.Client);

    private LakeplaneConnection NewProviderConnection() => new(
        fixture.Daemon.Environment["LAKEPLANE_HOST"], fixture.Daemon.Environment["LAKEPLANE_TOKEN"], fixture.Daemon.Environment["LAKEPLANE_ACCOUNT_ID"]);

    private async Task<List<string>> CreateNetworksAsync(string prefix, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await _outOfBand.CreateNetworkAsync($"{prefix}-{i}", Subnets, SecurityGroups)).NetworkId);
        }
        return ids;
    }

    private static Task<Network?> RefreshReadAsync(LakeplaneConnection connection, string networkId)
    {
        using var refresh = RefreshScope.Enter();
        return GetNetworkAsync(connection, networkId);
    }

    private static Task<Network?> GetNetworkAsync(LakeplaneConnection connection, string networkId) =>
        DaemonCalls.GetOrNullAsync(options => connection.Account.GetNetworkAsync(
            new GetNetworkRequest { AccountId = connection.AccountId, NetworkId = networkId }, options).ResponseAsync, CancellationToken.None);

    [Fact]
    public async Task Refresh_reads_of_one_type_cost_one_list_and_a_network_deleted_before_the_refresh_reads_as_gone()
    {
        var ids = await CreateNetworksAsync(OutOfBand.UniquePrefix("snap"), 5);
        await _outOfBand.DeleteNetworkAsync(ids[4]);
        using var provider = NewProviderConnection();

        var first = await RefreshReadAsync(provider, ids[0]);
        var rest = await Task.WhenAll(ids.Skip(1).Select(id => RefreshReadAsync(provider, id)));

        Assert.Equal(ids[0], first!.NetworkId);
        Assert.Equal(ids.Skip(1).Take(3), rest.Take(3).Select(n => n!.NetworkId));
        Assert.Equal(Subnets, rest[0]!.SubnetIds);
        Assert.Null(rest[3]);
        Assert.Equal(1, provider.RefreshSnapshots.ListCalls);
        // The first read asked the daemon; three came from the list; the deleted one was asked again and found gone.
        Assert.Equal(3, provider.RefreshSnapshots.ReadsAnswered);
    }

    [Fact]
    public async Task A_workspace_edited_before_a_later_refresh_shows_its_new_tags_through_the_list()
    {
        var prefix = OutOfBand.UniquePrefix("snapws");
        var workspaces = new List<Workspace>();
        for (var i = 0; i < 2; i++)
        {
            var credentials = await _outOfBand.CreateCredentialsAsync($"{prefix}-credentials-{i}");
            var storage = await _outOfBand.CreateStorageAsync($"{prefix}-storage-{i}", $"{prefix}-root-{i}");
            var network = await _outOfBand.CreateNetworkAsync($"{prefix}-network-{i}", Subnets, SecurityGroups);
            workspaces.Add(await _outOfBand.CreateRunningWorkspaceAsync($"{prefix}-ws-{i}", credentials.CredentialsId, storage.StorageConfigurationId,
                network.NetworkId, new Dictionary<string, string> { ["team"] = "platform" }));
        }

        async Task<Workspace[]> RefreshBothAsync(LakeplaneConnection connection)
        {
            using var refresh = RefreshScope.Enter();
            return await Task.WhenAll(workspaces.Select(w => connection.Account.GetWorkspaceAsync(
                new GetWorkspaceRequest { AccountId = connection.AccountId, WorkspaceId = w.WorkspaceId }).ResponseAsync));
        }

        using (var firstPlan = NewProviderConnection())
        {
            Assert.All(await RefreshBothAsync(firstPlan), w => Assert.Equal("platform", w.CustomTags["team"]));
        }
        await _outOfBand.SetWorkspaceTagsAsync(workspaces[0].WorkspaceId, new Dictionary<string, string> { ["team"] = "data" });
        await _outOfBand.SetWorkspaceTagsAsync(workspaces[1].WorkspaceId, new Dictionary<string, string> { ["team"] = "data" });

        using var secondPlan = NewProviderConnection();
        var refreshed = await RefreshBothAsync(secondPlan);
        refreshed = [.. refreshed, .. await RefreshBothAsync(secondPlan)];
        Assert.All(refreshed, w => Assert.Equal("data", w.CustomTags["team"]));
        Assert.Equal(1, secondPlan.RefreshSnapshots.ListCalls);
        Assert.True(secondPlan.RefreshSnapshots.ReadsAnswered >= 2, $"only {secondPlan.RefreshSnapshots.ReadsAnswered} reads came from the list");
    }

    [Fact]
    public async Task A_mutation_through_the_same_connection_drops_the_snapshot()
    {
        var ids = await CreateNetworksAsync(OutOfBand.UniquePrefix("snapmut"), 3);
        using var provider = NewProviderConnection();
        await RefreshReadAsync(provider, ids[0]);
        Assert.NotNull(await RefreshReadAsync(provider, ids[1]));
        Assert.Equal(1, provider.RefreshSnapshots.ListCalls);

        await provider.Account.DeleteNetworkAsync(new DeleteNetworkRequest { AccountId = provider.AccountId, NetworkId = ids[2], RequestId = Guid.NewGuid().ToString() });

        // The list taken before the delete had ids[2]; after the delete it is not used, so the read finds it gone.
        Assert.Null(await RefreshReadAsync(provider, ids[2]));
        Assert.Equal(1, provider.RefreshSnapshots.ReadsAnswered);
    }

    [Fact]
    public async Task Reads_outside_a_refresh_always_ask_the_daemon()
    {
        var ids = await CreateNetworksAsync(OutOfBand.UniquePrefix("snapout"), 3);
        using var provider = NewProviderConnection();
        foreach (var id in ids)
        {
            Assert.Equal(id, (await GetNetworkAsync(provider, id))!.NetworkId);
        }
        Assert.Equal(0, provider.RefreshSnapshots.ListCalls);
        Assert.Equal(0, provider.RefreshSnapshots.ReadsAnswered);
    }

    [Fact]
    public async Task A_refresh_read_the_caller_may_not_make_is_refused_as_before()
    {
        var ids = await CreateNetworksAsync(OutOfBand.UniquePrefix("snapperm"), 2);
        using var wrongToken = new LakeplaneConnection(
            fixture.Daemon.Environment["LAKEPLANE_HOST"], "not-a-token", fixture.Daemon.Environment["LAKEPLANE_ACCOUNT_ID"]);
        foreach (var id in ids)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => RefreshReadAsync(wrongToken, id));
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }
        Assert.Equal(0, wrongToken.RefreshSnapshots.ReadsAnswered);
    }
}
