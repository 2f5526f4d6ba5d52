using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lakeplane.Clusters.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakeplane.Clusters.Tests.Ec2;

/// <summary>
/// A stand-in for EC2 and STS on 127.0.0.1 (no AWS endpoint can be reached here): lakeplaned's AWS SDK clients are
/// pointed at it (LAKEPLANE_EC2_ENDPOINT, LAKEPLANE_STS_ENDPOINT). It records every request the SDK sends, as sent
/// (form parameters and signature headers), and answers with <see cref="RecordedAwsResponses"/>. Instances it
/// "launches" boot for real: their user data runs in bash with LAKEPLANE_HOME in a directory of their own, so the node
/// agent the script starts registers with lakeplaned as a node on EC2 would; terminating an instance kills its agent.
/// Failures are chosen by role name and instance type, so each test picks its own without affecting the others:
/// AssumeRole of a role named *denied* is AccessDenied, RunInstances with a role named *no-ec2* is
/// UnauthorizedOperation, and an i3.xlarge gets InsufficientInstanceCapacity.
/// </summary>
public sealed partial class RecordedAwsEndpoint(string instancesRoot, string nodeAgent) : IAsyncDisposable
{
    public const string BaseAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string BaseSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string CapacityStarvedInstanceType = "i3.xlarge";

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, FakeInstance> _instances = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _roleByAccessKey = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _counter;

    /// <summary>One request as the SDK sent it.</summary>
    /// <param name="SignedWithAccessKey">The access key id in the SigV4 Authorization header's Credential scope.</param>
    /// <param name="SignedForService">The service in that scope (sts or ec2).</param>
    public sealed record RecordedRequest(string Action, IReadOnlyDictionary<string, string> Parameters, string Authorization,
        string SignedWithAccessKey, string SignedForService, string? SecurityToken, DateTimeOffset At);

    public string Url { get; private set; } = "";

    /// <summary>Whether launched instances boot (run their user data); tests of launch failures need not.</summary>
    public bool BootInstances { get; set; } = true;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public IReadOnlyList<RecordedRequest> RequestsOf(string action) => _requests.Where(r => r.Action == action).ToList();

    public IReadOnlyCollection<FakeInstance> Instances => _instances.Values.ToList();

    /// <summary>The role an access key was issued for by AssumeRole (null for keys it never issued).</summary>
    public string? RoleOf(string accessKeyId) => _roleByAccessKey.GetValueOrDefault(accessKeyId);

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

    /// <summary>What a stable daemon address (a load balancer's) does when lakeplaned comes back on another port: every
    /// booted instance's agent is told the new URL.</summary>
    public void PointNodesAt(string daemonUrl)
    {
        foreach (var instance in _instances.Values.Where(i => i.State == "running"))
        {
            var endpoint = Path.Combine(instance.Home, "endpoint");
            File.WriteAllText(endpoint + ".tmp", daemonUrl + "\n");
            File.Move(endpoint + ".tmp", endpoint, overwrite: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        NodeProcesses.KillAll(instancesRoot);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var parameters = form.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        var authorization = context.Request.Headers.Authorization.ToString();
        var scope = CredentialScope().Match(authorization);
        var request = new RecordedRequest(parameters.GetValueOrDefault("Action", ""), parameters, authorization,
            scope.Success ? scope.Groups["key"].Value : "", scope.Success ? scope.Groups["service"].Value : "",
            context.Request.Headers["X-Amz-Security-Token"].FirstOrDefault(), DateTimeOffset.UtcNow);
        _requests.Enqueue(request);

        var (status, body) = request.Action switch
        {
            "AssumeRole" => AssumeRole(request),
            "RunInstances" => RunInstances(request),
            "DescribeInstances" => DescribeInstances(request),
            "TerminateInstances" => TerminateInstances(request),
            _ => (400, RecordedAwsResponses.Ec2Error("InvalidAction", $"The action {request.Action} is not valid for this web service.")),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        await context.Response.WriteAsync(body, Encoding.UTF8);
    }

    private (int, string) AssumeRole(RecordedRequest request)
    {
        if (request.SignedWithAccessKey != BaseAccessKeyId)
        {
            return (403, RecordedAwsResponses.StsError("InvalidClientTokenId", "The security token included in the request is invalid."));
        }
        var roleArn = request.Parameters.GetValueOrDefault("RoleArn", "");
        if (roleArn.Contains("denied", StringComparison.Ordinal))
        {
            return (403, RecordedAwsResponses.StsError("AccessDenied",
                $"User: arn:aws:iam::111111111111:user/lakeplaned is not authorized to perform: sts:AssumeRole on resource: {roleArn}"));
        }
        var n = Interlocked.Increment(ref _counter);
        var accessKeyId = "ASIA" + n.ToString("D16", CultureInfo.InvariantCulture);
        _roleByAccessKey[accessKeyId] = roleArn;
        return (200, RecordedAwsResponses.AssumeRole(roleArn, request.Parameters.GetValueOrDefault("RoleSessionName", ""), accessKeyId,
            "session-secret-" + n.ToString(CultureInfo.InvariantCulture), "session-token-" + n.ToString(CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddHours(1)));
    }

    private (int, string)? Unsigned(RecordedRequest request) =>
        RoleOf(request.SignedWithAccessKey) is null || request.SecurityToken is null
            ? (401, RecordedAwsResponses.Ec2Error("AuthFailure", "AWS was not able to validate the provided access credentials"))
            : null;

    private (int, string) RunInstances(RecordedRequest request)
    {
        if (Unsigned(request) is { } refused)
        {
            return refused;
        }
        var p = request.Parameters;
        if (RoleOf(request.SignedWithAccessKey)!.Contains("no-ec2", StringComparison.Ordinal))
        {
            return (403, RecordedAwsResponses.Ec2Error("UnauthorizedOperation",
                "You are not authorized to perform this operation. Encoded authorization failure message: 4GIOHlTkIaWHQD0Q0m6XSnuUMCm-abc"));
        }
        var instanceType = p.GetValueOrDefault("InstanceType", "");
        if (instanceType == CapacityStarvedInstanceType)
        {
            return (500, RecordedAwsResponses.Ec2Error("InsufficientInstanceCapacity",
                $"We currently do not have sufficient {instanceType} capacity in the Availability Zone you requested (us-east-1a)."));
        }
        var clientToken = p.GetValueOrDefault("ClientToken", "");
        var existing = _instances.Values.FirstOrDefault(i => clientToken.Length > 0 && i.ClientToken == clientToken);
        if (existing is not null)
        {
            return (200, RecordedAwsResponses.RunInstances(existing.ReservationId, existing));
        }
        var n = Interlocked.Increment(ref _counter);
        var instanceId = "i-0" + n.ToString("x16", CultureInfo.InvariantCulture);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var tag = 1; p.ContainsKey($"TagSpecification.1.Tag.{tag}.Key"); tag++)
        {
            tags[p[$"TagSpecification.1.Tag.{tag}.Key"]] = p.GetValueOrDefault($"TagSpecification.1.Tag.{tag}.Value", "");
        }
        var instance = new FakeInstance
        {
            InstanceId = instanceId,
            ReservationId = "r-0" + n.ToString("x16", CultureInfo.InvariantCulture),
            ImageId = p.GetValueOrDefault("ImageId", ""),
            InstanceType = instanceType,
            SubnetId = p.GetValueOrDefault("SubnetId", ""),
            SecurityGroupIds = Numbered(p, "SecurityGroupId"),
            PrivateIp = $"10.0.{n / 250}.{n % 250 + 4}",
            LaunchTime = DateTimeOffset.UtcNow,
            Tags = tags,
            ClientToken = clientToken,
            UserData = Encoding.UTF8.GetString(Convert.FromBase64String(p.GetValueOrDefault("UserData", ""))),
            Home = Path.Combine(instancesRoot, instanceId),
        };
        _instances[instanceId] = instance;
        var response = RecordedAwsResponses.RunInstances(instance.ReservationId, instance);
        instance.State = "running";
        if (BootInstances)
        {
            Boot(instance);
        }
        return (200, response);
    }

    private (int, string) DescribeInstances(RecordedRequest request)
    {
        if (Unsigned(request) is { } refused)
        {
            return refused;
        }
        var p = request.Parameters;
        var ids = Numbered(p, "InstanceId");
        IEnumerable<FakeInstance> matching = _instances.Values.OrderBy(i => i.LaunchTime);
        if (ids.Count > 0)
        {
            var missing = ids.FirstOrDefault(id => !_instances.ContainsKey(id));
            if (missing is not null)
            {
                return (400, RecordedAwsResponses.Ec2Error("InvalidInstanceID.NotFound", $"The instance ID '{missing}' does not exist"));
            }
            matching = matching.Where(i => ids.Contains(i.InstanceId));
        }
        for (var filter = 1; p.TryGetValue($"Filter.{filter}.Name", out var name); filter++)
        {
            var values = Numbered(p, $"Filter.{filter}.Value");
            if (name.StartsWith("tag:", StringComparison.Ordinal))
            {
                var key = name[4..];
                matching = matching.Where(i => i.Tags.TryGetValue(key, out var value) && values.Contains(value)).ToList();
            }
            else if (name == "instance-state-name")
            {
                matching = matching.Where(i => values.Contains(i.State)).ToList();
            }
            else
            {
                return (400, RecordedAwsResponses.Ec2Error("InvalidParameterValue", $"The filter '{name}' is invalid"));
            }
        }
        return (200, RecordedAwsResponses.DescribeInstances(matching.ToList()));
    }

    private (int, string) TerminateInstances(RecordedRequest request)
    {
        if (Unsigned(request) is { } refused)
        {
            return refused;
        }
        var changes = new List<(string, string, string)>();
        foreach (var id in Numbered(request.Parameters, "InstanceId"))
        {
            if (!_instances.TryGetValue(id, out var instance))
            {
                return (400, RecordedAwsResponses.Ec2Error("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist"));
            }
            var previous = instance.State;
            NodeProcesses.KillAll(instance.Home);
            instance.State = "terminated";
            changes.Add((id, previous, previous == "terminated" ? "terminated" : "shutting-down"));
        }
        return (200, RecordedAwsResponses.TerminateInstances(changes));
    }

    /// <summary>Runs the instance's user data as cloud-init would, with the agent binary of this build.</summary>
    private void Boot(FakeInstance instance)
    {
        Directory.CreateDirectory(instance.Home);
        var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(instance.UserData);
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("LAKEPLANE_", StringComparison.Ordinal) || key.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["LAKEPLANE_HOME"] = instance.Home;
        start.Environment["LAKEPLANE_NODE_AGENT"] = nodeAgent;
        using var boot = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var errors = boot.StandardError.ReadToEnd();
        boot.WaitForExit();
        if (boot.ExitCode != 0)
        {
            throw new InvalidOperationException($"The user data of {instance.InstanceId} failed ({boot.ExitCode}): {errors}");
        }
    }

    private static List<string> Numbered(IReadOnlyDictionary<string, string> parameters, string prefix)
    {
        var values = new List<string>();
        for (var i = 1; parameters.TryGetValue($"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}", out var value); i++)
        {
            values.Add(value);
        }
        return values;
    }

    [GeneratedRegex(@"Credential=(?<key>[A-Z0-9]+)/\d{8}/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9]+)/aws4_request")]
    private static partial Regex CredentialScope();
}
