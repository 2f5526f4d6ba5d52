using System.Net;
using System.Text;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Lakeplane.Daemon.Tests.Support;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Hosting;


/// <summary>First start, later starts, the env file, the hashed token and health. Restarts the daemon, so it has its own.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BootstrapTests(DaemonFixture daemon) : IClassFixture<DaemonFixture>
{
    [Fact]
    public void First_start_writes_an_owner_only_env_file_with_the_real_port()
    {
        var env = EnvFileContents.Read(daemon.DataDirectory);
        Assert.Equal(daemon.BaseUrl, env.Host);
        Assert.True(Guid.TryParse(env.AccountId, out _), env.AccountId);
        Assert.StartsWith("lpt_", env.Token, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(daemon.DataDirectory, "env")));
        // Never printed: stdout is often a log file others can read. It says where the token is instead.
        Assert.DoesNotContain(env.Token, daemon.FirstStartStdout, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Token["lpt_".Length..], daemon.FirstStartStdout, StringComparison.Ordinal);
        Assert.Contains($"admin token is in {Path.Combine(daemon.DataDirectory, "env")}", daemon.FirstStartStdout, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Token, daemon.Daemon.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_keeps_no_token_in_clear()
    {
        var lakeplane = daemon.Connect();
        var workspace = await Fixtures.WorkspaceAsync(lakeplane);
        var workspaceToken = await Fixtures.WorkspaceTokenAsync(lakeplane, workspace.WorkspaceId);
        // Its answer is kept for retries in the idempotency record: that must hold no value either.
        var withRequestId = await lakeplane.Identity.CreateTokenAsync(new CreateTokenRequest { WorkspaceId = workspace.WorkspaceId, RequestId = Unique.RequestId() });
        Assert.NotEmpty(withRequestId.TokenValue);

        var files = Directory.GetFiles(daemon.DataDirectory, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "env").ToList();
        Assert.Contains(files, f => Path.GetFileName(f).StartsWith("lakeplane.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            // The database and its WAL may be written concurrently: read with sharing.
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            var text = Encoding.Latin1.GetString(memory.ToArray());
            foreach (var secret in new[] { daemon.AdminToken, workspaceToken.TokenValue, withRequestId.TokenValue })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                Assert.DoesNotContain(secret["lpt_".Length..], text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Deleting_what_is_already_gone_answers_NotFound_without_an_error_in_the_log()
    {
        var lakeplane = daemon.Connect();
        var gone = "00000000-0000-0000-0000-00000000dead";
        await Expect.RpcErrorAsync(Grpc.Core.StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "credentials_id",
            () => lakeplane.Account.DeleteCredentialsAsync(new DeleteCredentialsRequest { AccountId = daemon.AccountId, CredentialsId = gone }));

        // A destroy of an object already gone is the caller's answer, not the daemon's error.
        Assert.DoesNotContain(gone, daemon.Daemon.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Error status code", daemon.Daemon.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_answers_without_a_token()
    {
        using var http = daemon.Http(token: "");
        var response = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var channel = GrpcChannel.ForAddress(daemon.BaseUrl);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task A_restart_keeps_the_account_and_token_and_updates_the_host()
    {
        var before = EnvFileContents.Read(daemon.DataDirectory);
        var credentials = await Fixtures.CredentialsAsync(daemon.Connect());

        await daemon.RestartAsync();

        var after = EnvFileContents.Read(daemon.DataDirectory);
        Assert.Equal(before.AccountId, after.AccountId);
        Assert.Equal(before.Token, after.Token);
        Assert.Equal(daemon.BaseUrl, after.Host);
        Assert.DoesNotContain("Created account", daemon.Daemon.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(before.Token, daemon.Daemon.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(daemon.DataDirectory, "env")));

        var lakeplane = daemon.Connect(after.Token);
        var read = await lakeplane.Account.GetCredentialsAsync(new GetCredentialsRequest { AccountId = after.AccountId, CredentialsId = credentials.CredentialsId });
        Assert.Equal(credentials.CredentialsName, read.CredentialsName);
    }

    [Fact]
    public async Task Sigterm_stops_it_cleanly()
    {
        var exitCode = await daemon.Daemon.StopAsync();
        Assert.Equal(0, exitCode);
        await daemon.RestartAsync();
    }
}
