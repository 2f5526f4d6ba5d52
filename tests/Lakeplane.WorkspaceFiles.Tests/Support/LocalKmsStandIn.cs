using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakeplane.WorkspaceFiles.Tests.Support;

/// <summary>
/// A stand-in for AWS KMS on 127.0.0.1 (no KMS can be reached from here): it speaks the KMS wire protocol the AWS SDK
/// speaks (AWS JSON 1.1, X-Amz-Target TrentService.GenerateDataKey / TrentService.Decrypt) and wraps data keys with a
/// key of its own, the encryption context as associated data, as KMS binds it. It records every call, and can be told
/// to answer as a disabled key does.
/// </summary>
public sealed class LocalKmsStandIn : IAsyncDisposable
{
    public const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private readonly byte[] _wrappingKey = RandomNumberGenerator.GetBytes(32);
    private WebApplication? _app;

    public string Endpoint { get; private set; } = "";

    /// <summary>Every call: its operation and its encryption context, in order.</summary>
    public ConcurrentQueue<(string Operation, IReadOnlyDictionary<string, string> Context)> Calls { get; } = new();

    /// <summary>The data keys handed out in the clear (base64), for "never stored" checks.</summary>
    public ConcurrentBag<string> PlaintextKeysIssued { get; } = [];

    /// <summary>When true, every call fails as KMS answers for a disabled key.</summary>
    public bool Disabled { get; set; }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/", (Func<HttpContext, Task<IResult>>)HandleAsync);
        await _app.StartAsync();
        Endpoint = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        var target = http.Request.Headers["X-Amz-Target"].ToString();
        var body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())!.AsObject();
        var context = body["EncryptionContext"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()) ?? [];
        var operation = target.StartsWith("TrentService.", StringComparison.Ordinal) ? target["TrentService.".Length..] : target;
        Calls.Enqueue((operation, context));
        if (Disabled)
        {
            return Error("DisabledException", $"{KeyArn} is disabled.");
        }
        var associated = Encoding.UTF8.GetBytes(string.Join("\n", context.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
        switch (operation)
        {
            case "GenerateDataKey":
            {
                if (body["KeyId"]?.GetValue<string>() is not { Length: > 0 })
                {
                    return Error("ValidationException", "KeyId is required.");
                }
                var plaintext = RandomNumberGenerator.GetBytes(32);
                PlaintextKeysIssued.Add(Convert.ToBase64String(plaintext));
                return Answer(new JsonObject
                {
                    ["KeyId"] = KeyArn,
                    ["Plaintext"] = Convert.ToBase64String(plaintext),
                    ["CiphertextBlob"] = Convert.ToBase64String(Wrap(plaintext, associated)),
                });
            }
            case "Decrypt":
            {
                var blob = Convert.FromBase64String(body["CiphertextBlob"]!.GetValue<string>());
                try
                {
                    return Answer(new JsonObject
                    {
                        ["KeyId"] = KeyArn,
                        ["Plaintext"] = Convert.ToBase64String(Unwrap(blob, associated)),
                        ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
                    });
                }
                catch (CryptographicException)
                {
                    return Error("InvalidCiphertextException", "The ciphertext or its encryption context is not valid.");
                }
            }
            default:
                return Error("UnsupportedOperationException", $"{operation} is not served by this stand-in.");
        }
    }

    private byte[] Wrap(byte[] plaintext, byte[] associated)
    {
        var output = new byte[12 + 16 + plaintext.Length];
        RandomNumberGenerator.Fill(output.AsSpan(0, 12));
        using var aes = new AesGcm(_wrappingKey, 16);
        aes.Encrypt(output.AsSpan(0, 12), plaintext, output.AsSpan(28), output.AsSpan(12, 16), associated);
        return output;
    }

    private byte[] Unwrap(byte[] blob, byte[] associated)
    {
        if (blob.Length < 28)
        {
            throw new CryptographicException("short");
        }
        var plaintext = new byte[blob.Length - 28];
        using var aes = new AesGcm(_wrappingKey, 16);
        aes.Decrypt(blob.AsSpan(0, 12), blob.AsSpan(28), blob.AsSpan(12, 16), plaintext, associated);
        return plaintext;
    }

    private static IResult Answer(JsonObject json) =>
        Results.Text(json.ToJsonString(), "application/x-amz-json-1.1", Encoding.UTF8, StatusCodes.Status200OK);

    private static IResult Error(string type, string message) =>
        Results.Text(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), "application/x-amz-json-1.1", Encoding.UTF8, StatusCodes.Status400BadRequest);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
