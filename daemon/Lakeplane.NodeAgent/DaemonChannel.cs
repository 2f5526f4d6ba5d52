using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lakeplane.NodeAgent;

/// <summary>
/// The agent's calls to the daemon for task work, authenticated with the node secret. The daemon's address is read
/// from the endpoint file on every call, so a restarted daemon (on another port) is found again.
/// </summary>
public sealed class DaemonChannel(AgentOptions options) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Set when the daemon answered 410 Gone: it no longer wants this node.</summary>
    public bool NodeGone { get; private set; }

    public async Task<JsonDocument?> PostAsync(string path, Action<Utf8JsonWriter> body, CancellationToken cancellationToken)
    {
        var endpoint = _endpoints.Current();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint + path) { Content = Json(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Secret);
        using var response = await SendAsync(endpoint, request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            NodeGone = true;
            return null;
        }
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? null : JsonDocument.Parse(text);
    }

    /// <summary>Streams a file to the daemon, which keeps it in the workspace's storage.</summary>
    public async Task PutFileAsync(string path, string file, CancellationToken cancellationToken)
    {
        await using var content = File.Exists(file) ? File.OpenRead(file) : (Stream)new MemoryStream();
        var endpoint = _endpoints.Current();
        using var request = new HttpRequestMessage(HttpMethod.Put, endpoint + path) { Content = new StreamContent(content) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Secret);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(endpoint, request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Gone)
        {
            NodeGone = true;
            return;
        }
        response.EnsureSuccessStatusCode();
    }

    public string Query => $"cluster_id={Uri.EscapeDataString(options.ClusterId)}&node_id={Uri.EscapeDataString(options.NodeId)}";

    public void WriteIdentity(Utf8JsonWriter writer)
    {
        writer.WriteString("cluster_id", options.ClusterId);
        writer.WriteString("node_id", options.NodeId);
    }

    public void Dispose() => _http.Dispose();

    private readonly DaemonEndpoints _endpoints = DaemonEndpoints.For(options.EndpointFile);

    /// <summary>Sends; when the replica cannot be reached (or answers 5xx: its store is down), the next call goes to the next
    /// replica listed. The caller's retry does the rest.</summary>
    private async Task<HttpResponseMessage> SendAsync(string endpoint, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            _endpoints.Failed(endpoint);
            throw;
        }
        if ((int)response.StatusCode >= 500)
        {
            _endpoints.Failed(endpoint);
        }
        return response;
    }

    private static StringContent Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        return new StringContent(Encoding.UTF8.GetString(buffer.ToArray()), Encoding.UTF8, "application/json");
    }
}
