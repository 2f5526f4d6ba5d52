using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Lakeplane.Daemon.Tests.Support;

namespace Lakeplane.Jobs.Tests.Replicas;

/// <summary>
/// Calls the API of the replicas that are meant to survive, round robin, every few tens of milliseconds, for as long as it
/// runs: account reads (workspaces), and workspace reads (clusters, jobs) once a workspace exists. Every failure (an
/// exception or a status other than 200) is kept with the replica, the path and what came back.
/// </summary>
public sealed class ApiSampler : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<DaemonProcess>> _survivors;
    private readonly string _token;
    private readonly string _accountId;
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly Task _loop;
    private long _workspaceId;

    public ApiSampler(Func<IReadOnlyList<DaemonProcess>> survivors, string token, string accountId)
    {
        _survivors = survivors;
        _token = token;
        _accountId = accountId;
        _loop = Task.Run(RunAsync);
    }

    public ConcurrentQueue<string> Failures { get; } = new();

    public int Requests => _requests;

    private int _requests;

    public void UseWorkspace(long workspaceId) => Interlocked.Exchange(ref _workspaceId, workspaceId);

    private async Task RunAsync()
    {
        var turn = 0;
        while (!_stop.IsCancellationRequested)
        {
            var survivors = _survivors();
            if (survivors.Count > 0)
            {
                var replica = survivors[turn % survivors.Count];
                var workspace = Interlocked.Read(ref _workspaceId);
                var path = (turn % 3, workspace) switch
                {
                    (1, > 0) => "/api/2.1/clusters/list",
                    (2, > 0) => "/api/2.1/jobs/list",
                    _ => $"/api/2.0/accounts/{_accountId}/workspaces",
                };
                turn++;
                Interlocked.Increment(ref _requests);
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, replica.BaseUrl + path);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                    if (workspace > 0)
                    {
                        request.Headers.Add("X-Databricks-Org-Id", workspace.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                    using var response = await _http.SendAsync(request, _stop.Token);
                    if (!response.IsSuccessStatusCode)
                    {
                        Failures.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {replica.BaseUrl}{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception)
                {
                    Failures.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {replica.BaseUrl}{path}: {exception.GetType().Name} {exception.Message}");
                }
            }
            try
            {
                await Task.Delay(25, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }
}
