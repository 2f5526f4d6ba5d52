using System.Collections.Concurrent;
using Grpc.Core;
using Xunit.Abstractions;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Durability;

/// <summary>
/// SIGKILL during a burst of writes: after the restart every acknowledged write is there, every
/// object is whole (a workspace and its network attachment were written together or not at all),
/// a retry of an unanswered request with its request id settles it exactly once, and workspaces
/// left PROVISIONING are provisioned by the restarted daemon.
/// </summary>
public abstract class CrashSafetyTests<TDaemon>(TDaemon daemon, ITestOutputHelper output) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    private const int Writers = 6;
    /// <summary>Kill once this many workspaces were acknowledged: by then every writer is mid-burst. Counted, not timed,
    /// so a loaded machine doesn't turn the test into one that kills before anything was written.</summary>
    private const int AcknowledgedBeforeKill = 5 * Writers;

    private sealed record Attempt(CreateNetworkRequest Network, CreateWorkspaceRequest Workspace);

    [Fact]
    public async Task Acknowledged_writes_survive_a_sigkill_and_nothing_is_half_written()
    {
        var setup = daemon.Connect();
        var credentials = await Fixtures.CredentialsAsync(setup);
        var storage = await Fixtures.StorageAsync(setup);

        var acknowledged = new ConcurrentBag<Workspace>();
        var unanswered = new ConcurrentBag<Attempt>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var lakeplane = daemon.Connect();
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var attempt = NewAttempt(writer, n, credentials, storage);
                try
                {
                    var network = await lakeplane.Account.CreateNetworkAsync(attempt.Network);
                    attempt.Workspace.NetworkId = network.NetworkId;
                    acknowledged.Add(await lakeplane.Account.CreateWorkspaceAsync(attempt.Workspace));
                }
                catch (RpcException)
                {
                    // The daemon died under this request: its outcome is unknown until retried.
                    unanswered.Add(attempt);
                    return;
                }
            }
        })).ToList();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (acknowledged.Count < AcknowledgedBeforeKill && DateTime.UtcNow < deadline && writers.Any(w => !w.IsCompleted))
        {
            await Task.Delay(20);
        }
        await daemon.CrashAndRestartAsync();
        stop.Cancel();
        await Task.WhenAll(writers);
        output.WriteLine($"{acknowledged.Count} workspaces acknowledged before SIGKILL, {unanswered.Count} requests unanswered");
        Assert.True(acknowledged.Count >= AcknowledgedBeforeKill, $"only {acknowledged.Count} writes were acknowledged before the kill: the burst proves nothing");
        Assert.True(unanswered.Count > 0, "no request was in flight at the kill: the crash hit no write");

        var lakeplane = daemon.Connect();
        var workspaces = (await lakeplane.Account.ListWorkspacesAsync(new ListWorkspacesRequest())).Workspaces.ToDictionary(w => w.WorkspaceId);
        foreach (var written in acknowledged)
        {
            Assert.True(workspaces.TryGetValue(written.WorkspaceId, out var found), $"acknowledged workspace {written.WorkspaceName} is missing after the crash");
            Assert.Equal(written.WorkspaceName, found.WorkspaceName);
            Assert.Equal(written.NetworkId, found.NetworkId);
        }
        await AssertWholeAsync(lakeplane);

        // Retrying what was in flight settles it once: the first answer if it had committed, a new object if not.
        foreach (var attempt in unanswered)
        {
            var network = await lakeplane.Account.CreateNetworkAsync(attempt.Network);
            attempt.Workspace.NetworkId = network.NetworkId;
            await lakeplane.Account.CreateWorkspaceAsync(attempt.Workspace);
        }
        var after = (await lakeplane.Account.ListWorkspacesAsync(new ListWorkspacesRequest())).Workspaces;
        Assert.Equal(after.Count, after.Select(w => w.WorkspaceName).Distinct().Count());
        Assert.All(unanswered, attempt => Assert.Single(after, w => w.WorkspaceName == attempt.Workspace.WorkspaceName));
        await AssertWholeAsync(lakeplane);

        // Workspaces that were PROVISIONING when the daemon died are finished by the new one.
        foreach (var workspace in after)
        {
            Assert.Equal("RUNNING", (await Fixtures.SettledAsync(lakeplane, workspace.WorkspaceId)).WorkspaceStatus);
        }
    }

    /// <summary>Every network attachment points at a workspace that uses it, and every workspace's network points back.</summary>
    private static async Task AssertWholeAsync(LakeplaneConnection lakeplane)
    {
        var workspaces = (await lakeplane.Account.ListWorkspacesAsync(new ListWorkspacesRequest())).Workspaces.ToDictionary(w => w.WorkspaceId);
        var networks = (await lakeplane.Account.ListNetworksAsync(new ListNetworksRequest())).Networks.ToDictionary(n => n.NetworkId);
        foreach (var network in networks.Values.Where(n => n.WorkspaceId != 0))
        {
            Assert.True(workspaces.TryGetValue(network.WorkspaceId, out var user), $"network {network.NetworkName} is attached to a workspace that does not exist");
            Assert.Equal(network.NetworkId, user.NetworkId);
            Assert.Equal("VALID", network.VpcStatus);
        }
        foreach (var workspace in workspaces.Values.Where(w => w.NetworkId.Length > 0))
        {
            Assert.Equal(workspace.WorkspaceId, networks[workspace.NetworkId].WorkspaceId);
        }
    }

    private static Attempt NewAttempt(int writer, int n, Credentials credentials, StorageConfiguration storage)
    {
        var stem = $"crash-{writer}-{n}-{Guid.NewGuid().ToString("N")[..6]}";
        return new Attempt(
            new CreateNetworkRequest
            {
                NetworkName = stem, VpcId = Fixtures.VpcId, SubnetIds = { Fixtures.SubnetIds }, SecurityGroupIds = { Fixtures.SecurityGroupIds }, RequestId = stem + "-network",
            },
            new CreateWorkspaceRequest
            {
                WorkspaceName = stem, AwsRegion = "us-east-1", CredentialsId = credentials.CredentialsId,
                StorageConfigurationId = storage.StorageConfigurationId, RequestId = stem + "-workspace",
            });
    }
}

public sealed class CrashSafetyTestsOnSqlite(DaemonFixture daemon, ITestOutputHelper output) : CrashSafetyTests<DaemonFixture>(daemon, output);

public sealed class CrashSafetyTestsOnPostgres(PostgresDaemonFixture daemon, ITestOutputHelper output) : CrashSafetyTests<PostgresDaemonFixture>(daemon, output);
