using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lakeplane.Clusters.Tests.Ec2;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakeplane.Storage.Tests.Support;

/// <summary>
/// A stand-in for AWS STS on 127.0.0.1 (no AWS endpoint can be reached here), with the recorded responses the ec2 tests
/// use: lakeplaned's STS client is pointed at it (LAKEPLANE_STS_ENDPOINT). It records every AssumeRole as sent (form
/// parameters, the signing key id and service) and issues temporary keys of its own (ASIA..., a secret and a session
/// token), remembering which role each was issued for. AssumeRole of a role named *denied* is AccessDenied.
/// </summary>
public sealed partial class RecordedStsEndpoint : IAsyncDisposable
{
    public const string BaseAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string BaseSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private readonly ConcurrentQueue<AssumeRoleCall> _calls = new();
    private readonly ConcurrentDictionary<string, IssuedSession> _issued = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _counter;

    /// <summary>One AssumeRole as the SDK sent it.</summary>
    public sealed record AssumeRoleCall(IReadOnlyDictionary<string, string> Parameters, string SignedWithAccessKey, string SignedForService, string? SecurityToken);

    /// <summary>Keys this stand-in handed out, and for which role.</summary>
    public sealed record IssuedSession(string RoleArn, string AccessKeyId, string SessionToken);

    public string Url { get; private set; } = "";

    public IReadOnlyList<AssumeRoleCall> Calls => _calls.ToList();

    public IssuedSession? IssuedFor(string accessKeyId) => _issued.GetValueOrDefault(accessKeyId);

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var parameters = form.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        var scope = SigV4.Scope(context.Request.Headers.Authorization.ToString());
        var call = new AssumeRoleCall(parameters, scope?.AccessKeyId ?? "", scope?.Service ?? "", context.Request.Headers["X-Amz-Security-Token"].FirstOrDefault());
        _calls.Enqueue(call);
        var (status, body) = Answer(call);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        await context.Response.WriteAsync(body, Encoding.UTF8);
    }

    private (int, string) Answer(AssumeRoleCall call)
    {
        if (call.Parameters.GetValueOrDefault("Action") != "AssumeRole")
        {
            return (400, RecordedAwsResponses.StsError("InvalidAction", $"Could not find operation {call.Parameters.GetValueOrDefault("Action")}."));
        }
        if (call.SignedWithAccessKey != BaseAccessKeyId)
        {
            return (403, RecordedAwsResponses.StsError("InvalidClientTokenId", "The security token included in the request is invalid."));
        }
        var roleArn = call.Parameters.GetValueOrDefault("RoleArn", "");
        if (roleArn.Contains("denied", StringComparison.Ordinal))
        {
            return (403, RecordedAwsResponses.StsError("AccessDenied",
                $"User: arn:aws:iam::111111111111:user/lakeplaned is not authorized to perform: sts:AssumeRole on resource: {roleArn}"));
        }
        var n = Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);
        var session = new IssuedSession(roleArn, "ASIA" + n.PadLeft(16, '0'), "session-token-" + n);
        _issued[session.AccessKeyId] = session;
        return (200, RecordedAwsResponses.AssumeRole(roleArn, call.Parameters.GetValueOrDefault("RoleSessionName", ""), session.AccessKeyId,
            "session-secret-" + n, session.SessionToken, DateTimeOffset.UtcNow.AddHours(1)));
    }
}

/// <summary>The credential scope of a SigV4 Authorization header: who signed, for which service.</summary>
public static partial class SigV4
{
    public static (string AccessKeyId, string Service)? Scope(string authorization)
    {
        var match = CredentialScope().Match(authorization);
        return match.Success ? (match.Groups["key"].Value, match.Groups["service"].Value) : null;
    }

    [GeneratedRegex(@"Credential=(?<key>[A-Z0-9]+)/\d{8}/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9]+)/aws4_request")]
    internal static partial Regex CredentialScope();
}
