using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakeplane.Storage.Tests.Support;

/// <summary>
/// A pass-through in front of s3rver on 127.0.0.1 that records who signed each S3 request (the SigV4 credential scope's
/// access key id and the x-amz-security-token) before forwarding it. s3rver knows one key id (S3RVER) and does not
/// check SigV4 signatures, so a request signed with temporary keys STS issued is forwarded with that key id put in
/// place of the issued one; anything else (an unknown key) goes through unchanged and s3rver refuses it.
/// </summary>
public sealed class RecordingS3Proxy(Uri s3rver, Func<string, bool> issuedKey) : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Transfer-Encoding", "Expect", "Keep-Alive", "Upgrade",
    };

    private readonly ConcurrentQueue<SignedRequest> _requests = new();
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = s3rver, Timeout = TimeSpan.FromMinutes(2) };
    private WebApplication? _app;

    /// <param name="Path">The request path, /bucket/key (path-style), with its query.</param>
    public sealed record SignedRequest(string Method, string Path, string SignedWithAccessKey, string SignedForService, string? SecurityToken, int Status);

    public string Url { get; private set; } = "";

    public IReadOnlyList<SignedRequest> Requests => _requests.ToList();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        _app = builder.Build();
        _app.Run(ForwardAsync);
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _forward.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        var scope = SigV4.Scope(authorization);
        var keyId = scope?.AccessKeyId ?? "";
        var pathAndQuery = request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), pathAndQuery.TrimStart('/'));
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsDelete(request.Method))
        {
            forwarded.Content = new StreamContent(request.Body);
        }
        foreach (var (name, values) in request.Headers)
        {
            if (HopHeaders.Contains(name))
            {
                continue;
            }
            var value = values.ToString();
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) && keyId.Length > 0 && issuedKey(keyId))
            {
                value = value.Replace($"Credential={keyId}/", $"Credential={S3rverProcess.AccessKeyId}/", StringComparison.Ordinal);
            }
            if (!forwarded.Headers.TryAddWithoutValidation(name, value))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var response = await _forward.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        _requests.Enqueue(new SignedRequest(request.Method, pathAndQuery, keyId, scope?.Service ?? "", request.Headers["X-Amz-Security-Token"].FirstOrDefault(), (int)response.StatusCode));
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }
}
