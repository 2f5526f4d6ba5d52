using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Hosting;

/// <summary>On PostgreSQL too, the store keeps token hashes and never a token, and the audit log next to the objects.</summary>
public sealed class PostgresTokenStorageTests(PostgresDaemonFixture daemon) : IClassFixture<PostgresDaemonFixture>
{
    [Fact]
    public async Task No_table_holds_a_token_in_clear()
    {
        var lakeplane = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(lakeplane);
        var withRequestId = await lakeplane.Identity.CreateTokenAsync(new CreateTokenRequest { WorkspaceId = workspace.WorkspaceId, RequestId = Unique.RequestId() });

        var dump = await daemon.DumpAllRowsAsync();
        Assert.Contains(withRequestId.TokenInfo.TokenId, dump, StringComparison.Ordinal);
        // The mutations were audited, by who did them, in the same store.
        Assert.Contains("workspace.create", dump, StringComparison.Ordinal);
        Assert.Contains("token.create", dump, StringComparison.Ordinal);
        Assert.Contains("account.bootstrap", dump, StringComparison.Ordinal);
        foreach (var secret in new[] { daemon.AdminToken, withRequestId.TokenValue })
        {
            Assert.DoesNotContain(secret["lpt_".Length..], dump, StringComparison.Ordinal);
        }
    }
}
