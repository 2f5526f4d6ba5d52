using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lakeplane.NodeAgent;

/// <summary>
/// Reports to the daemon every heartbeat interval until stopped. The daemon's address is read from the endpoint
/// file the daemon rewrites on every start, so a node outlives a daemon restart on another port. The agent exits on
/// its own when the daemon answers 410 Gone (no cluster wants the node any more).
/// </summary>
public sealed class HeartbeatLoop(AgentOptions options, WorkQueue work, TextWriter log)
{
    private const string HeartbeatPath = "/api/lakeplane/v1/nodes/heartbeat";

    public async Task<int> RunAsync(CancellationToken stoppingToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var interval = options.HeartbeatInterval;
        string? lastProblem = null;
        var failuresInARow = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            string? endpoint = null;
            try
            {
                endpoint = _endpoints.Current();
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint + HeartbeatPath) { Content = Body() };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Secret);
                using var response = await http.SendAsync(request, stoppingToken);
                if (response.StatusCode == HttpStatusCode.Gone)
                {
                    log.WriteLine($"The daemon no longer knows node {options.NodeId}: exiting.");
                    return 0;
                }
                response.EnsureSuccessStatusCode();
                using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stoppingToken));
                if (answer.RootElement.TryGetProperty("heartbeat_interval_ms", out var ms) && ms.GetInt32() > 0)
                {
                    interval = TimeSpan.FromMilliseconds(ms.GetInt32());
                }
                failuresInARow = 0;
                if (lastProblem is not null)
                {
                    log.WriteLine($"Reporting to the daemon at {endpoint} again.");
                    lastProblem = null;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or JsonException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // The daemon may be restarting, or this replica gone: try the next replica, and say so once rather than every second.
                if (lastProblem != exception.Message)
                {
                    log.WriteLine($"Heartbeat to {endpoint ?? "the daemon"} failed ({exception.Message}); retrying with the next replica listed.");
                    lastProblem = exception.Message;
                }
                if (endpoint is not null)
                {
                    _endpoints.Failed(endpoint);
                    if (++failuresInARow % _endpoints.Count != 0)
                    {
                        // Another replica may answer at once: do not wait a whole interval with a dead one.
                        continue;
                    }
                }
            }
            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return 0;
    }

    private readonly DaemonEndpoints _endpoints = DaemonEndpoints.For(options.EndpointFile);

    private StringContent Body()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("cluster_id", options.ClusterId);
            writer.WriteString("node_id", options.NodeId);
            writer.WriteNumber("pid", Environment.ProcessId);
            writer.WriteNumber("pending_work", work.PendingCount);
            writer.WriteNumber("running_work", work.RunningCount);
            writer.WriteEndObject();
        }
        return new StringContent(Encoding.UTF8.GetString(buffer.ToArray()), Encoding.UTF8, "application/json");
    }
}
