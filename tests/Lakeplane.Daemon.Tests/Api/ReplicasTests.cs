using System.Net;
using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Daemon.Tests.Api;

/// <summary>GET /api/2.0/accounts/{id}/replicas: which replicas live and which holds each loop's lease, for account admins only.</summary>
public abstract class ReplicasTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    [Fact]
    public async Task An_account_admin_sees_the_replica_holding_every_loop_lease()
    {
        using var http = daemon.Http();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var status = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath("replicas")));
            var replica = Assert.Single(status.GetProperty("replicas").EnumerateArray());
            Assert.Equal(daemon.BaseUrl, replica.GetProperty("url").GetString());
            var leases = status.GetProperty("leases").EnumerateArray().ToList();
            if (leases.Count == 3)
            {
                Assert.Equal(["clusters", "jobs", "provisioning"], leases.Select(l => l.GetProperty("role").GetString()).Order());
                // The one replica holds them all, at the first epoch.
                Assert.All(leases, lease =>
                {
                    Assert.Equal(replica.GetProperty("replica_id").GetString(), lease.GetProperty("holder").GetString());
                    Assert.True(lease.GetProperty("epoch").GetInt64() >= 1);
                });
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "The leases were never all taken.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_workspace_user_is_refused_with_403()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var user = await Identities.UserAsync(admin);
        using var http = daemon.Http(await Identities.TokenForUserAsync(admin, workspace.WorkspaceId, user));
        await Expect.RestErrorAsync(await http.GetAsync(daemon.AccountPath("replicas")), HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }
}

public sealed class ReplicasTestsOnSqlite(DaemonFixture daemon) : ReplicasTests<DaemonFixture>(daemon);

public sealed class ReplicasTestsOnPostgres(PostgresDaemonFixture daemon) : ReplicasTests<PostgresDaemonFixture>(daemon);
