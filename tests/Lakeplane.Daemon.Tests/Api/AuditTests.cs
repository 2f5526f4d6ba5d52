using System.Net;
using Grpc.Core;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Api;

/// <summary>Every mutation leaves one audit entry (who, what, which object), never a secret; only account admins read it.</summary>
public abstract class AuditTests<TDaemon>(TDaemon daemon) : IClassFixture<TDaemon>
    where TDaemon : DaemonFixture
{
    [Fact]
    public async Task Mutations_are_audited_with_actor_action_and_object()
    {
        var lakeplane = daemon.Connect();
        var start = await LastSequenceAsync(lakeplane);
        var credentials = await Fixtures.CredentialsAsync(lakeplane);
        await lakeplane.Account.DeleteCredentialsAsync(new DeleteCredentialsRequest { CredentialsId = credentials.CredentialsId });
        // A refused mutation changes nothing, so it leaves no entry either.
        await Assert.ThrowsAsync<RpcException>(async () =>
            await lakeplane.Account.CreateCredentialsAsync(new CreateCredentialsRequest { CredentialsName = Unique.Name("c"), RoleArn = "bad" }));

        var entries = (await lakeplane.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest { AfterSequence = start })).Entries
            .Where(e => e.ObjectId == credentials.CredentialsId).ToList();
        Assert.Equal(["credentials.create", "credentials.delete"], entries.Select(e => e.Action));
        Assert.All(entries, e =>
        {
            Assert.Equal("credentials", e.Kind);
            Assert.StartsWith("admin", e.Actor, StringComparison.Ordinal);
            Assert.Contains(credentials.CredentialsName, e.Details, StringComparison.Ordinal);
        });
        Assert.True(entries[0].Sequence < entries[1].Sequence);
    }

    [Fact]
    public async Task Token_mutations_are_audited_without_the_token()
    {
        var lakeplane = daemon.Connect();
        var start = await LastSequenceAsync(lakeplane);
        var workspace = await Fixtures.WorkspaceAsync(lakeplane);
        var token = await Fixtures.WorkspaceTokenAsync(lakeplane, workspace.WorkspaceId);
        var log = (await lakeplane.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest { AfterSequence = start, Limit = 1000 })).Entries;
        Assert.Contains(log, e => e.Action == "token.create" && e.ObjectId == token.TokenInfo.TokenId);
        Assert.Contains(log, e => e.Action == "workspace.create" && e.ObjectId == workspace.WorkspaceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(token.TokenValue["lpt_".Length..], log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(daemon.AdminToken["lpt_".Length..], log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_account_admins_read_the_audit_log()
    {
        var admin = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(admin);
        var scoped = daemon.Connect((await Fixtures.WorkspaceTokenAsync(admin, workspace.WorkspaceId)).TokenValue);
        await Expect.RpcErrorAsync(StatusCode.PermissionDenied, "PERMISSION_DENIED", null,
            () => scoped.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest()));
        await Expect.RpcErrorAsync(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "limit",
            () => admin.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest { Limit = 5000 }));

        using var http = daemon.Http();
        var page = await Expect.RestOkAsync(await http.GetAsync(daemon.AccountPath("audit?limit=2")));
        Assert.Equal(2, page.GetProperty("entries").GetArrayLength());
        Assert.Equal("account.bootstrap", page.GetProperty("entries")[0].GetProperty("action").GetString());
        await Expect.RestErrorAsync(await http.GetAsync(daemon.AccountPath("audit?after_sequence=x")), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    private static async Task<long> LastSequenceAsync(Lakeplane.Protos.Client.LakeplaneConnection lakeplane)
    {
        long last = 0;
        while (true)
        {
            var page = await lakeplane.Account.ListAuditEntriesAsync(new ListAuditEntriesRequest { AfterSequence = last, Limit = 1000 });
            if (page.Entries.Count == 0)
            {
                return last;
            }
            last = page.Entries[^1].Sequence;
        }
    }
}

public sealed class AuditTestsOnSqlite(DaemonFixture daemon) : AuditTests<DaemonFixture>(daemon);

public sealed class AuditTestsOnPostgres(PostgresDaemonFixture daemon) : AuditTests<PostgresDaemonFixture>(daemon);
