using System.Diagnostics;
using System.Net;
using System.Text;
using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Daemon.Tests.Durability;

/// <summary>
/// PostgreSQL restarting under a running lakeplaned: while it is down every call answers 503 with Retry-After and
/// TEMPORARILY_UNAVAILABLE, never 500; once it is back the daemon reconnects by itself, and what it acknowledged before is
/// there. The server is one of this test's own (tests/scripts/postgres.sh in a temporary directory), since it is stopped.
/// </summary>
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private readonly string _postgresDirectory = Directory.CreateTempSubdirectory("lakeplane-pg-restart-").FullName;
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("lakeplane-pg-restart-daemon-").FullName;
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync()
    {
        await PostgresAsync("start");
        var url = (await PostgresAsync("url")).Trim();
        _daemon = await DaemonProcess.StartAsync(_dataDirectory, new Dictionary<string, string> { ["LAKEPLANE_STORE"] = "postgres", ["LAKEPLANE_POSTGRES"] = url });
    }

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        await PostgresAsync("stop");
        Directory.Delete(_dataDirectory, recursive: true);
        Directory.Delete(_postgresDirectory, recursive: true);
    }

    [Fact]
    public async Task While_postgres_restarts_calls_answer_503_with_retry_after_and_no_acknowledged_write_is_lost()
    {
        var env = EnvFileContents.Read(_dataDirectory);
        using var http = new HttpClient { BaseAddress = new Uri(_daemon.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", env.Token);
        var credentialsPath = $"/api/2.0/accounts/{env.AccountId}/credentials";
        HttpContent Credentials(string name) => new StringContent(
            "{\"credentials_name\":\"" + name + "\",\"aws_credentials\":{\"sts_role\":{\"role_arn\":\"arn:aws:iam::123456789012:role/r\"}}}", Encoding.UTF8, "application/json");
        var acknowledged = await Expect.RestOkAsync(await http.PostAsync(credentialsPath, Credentials(Unique.Name("before"))), HttpStatusCode.Created);
        var acknowledgedId = acknowledged.GetProperty("credentials_id").GetString();

        await PostgresAsync("stop");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            foreach (var response in new[] { await http.GetAsync(credentialsPath), await http.PostAsync(credentialsPath, Credentials(Unique.Name("during"))) })
            {
                answers.Add(response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
                Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
                Assert.Contains("TEMPORARILY_UNAVAILABLE", body, StringComparison.Ordinal);
                // The driver's message (host, user, database) stays in the daemon.
                Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
            }
        }
        Assert.Equal(10, answers.Count);

        await PostgresAsync("start");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        HttpResponseMessage list;
        while ((list = await http.GetAsync(credentialsPath)).StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "lakeplaned never reconnected to PostgreSQL.");
            await Task.Delay(200);
        }
        var ids = (await Expect.RestOkAsync(list)).EnumerateArray().Select(c => c.GetProperty("credentials_id").GetString()).ToList();
        Assert.Contains(acknowledgedId, ids);
        Assert.False(_daemon.HasExited);
        await Expect.RestOkAsync(await http.PostAsync(credentialsPath, Credentials(Unique.Name("after"))), HttpStatusCode.Created);
    }

    private async Task<string> PostgresAsync(string command)
    {
        var script = Path.Combine(DaemonBinary.RepositoryRoot(), "tests", "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { script, command, _postgresDirectory })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"postgres.sh {command} failed: {await output}{await error}");
        return await output;
    }
}
