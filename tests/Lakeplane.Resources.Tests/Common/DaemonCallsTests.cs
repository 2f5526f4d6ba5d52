using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;
using Google.Protobuf;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Tests.Common;

public sealed class DaemonCallsTests
{
    private static RpcException DaemonError(StatusCode status, string code, string field = "", string message = "refused")
    {
        var trailers = new Metadata { { LakeplaneError.TrailerKey, new ErrorDetail { ErrorCode = code, Field = field, Message = message }.ToByteArray() } };
        return new RpcException(new Status(status, message), trailers);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_the_same_request()
    {
        var request = new CreateNetworkRequest { RequestId = DaemonCalls.NewRequestId() };
        var seen = new List<string>();

        var result = await DaemonCalls.WithRetriesAsync(_ =>
        {
            seen.Add(request.RequestId);
            return seen.Count < 3 ? throw new RpcException(new Status(StatusCode.Unavailable, "restarting")) : Task.FromResult("created");
        }, CancellationToken.None);

        Assert.Equal("created", result);
        Assert.Equal(3, seen.Count);
        Assert.Single(seen.Distinct());
    }

    [Fact]
    public async Task Refusals_are_not_retried()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<RpcException>(() => DaemonCalls.WithRetriesAsync<string>(_ =>
        {
            attempts++;
            throw DaemonError(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE");
        }, CancellationToken.None));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Not_found_reads_as_gone_and_deletes_as_done()
    {
        var gone = await DaemonCalls.GetOrNullAsync<string>(_ => throw DaemonError(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), CancellationToken.None);
        Assert.Null(gone);
        await DaemonCalls.DeleteAsync<string>(_ => throw DaemonError(StatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), CancellationToken.None);
    }

    [Fact]
    public void Request_ids_are_fresh_guids()
    {
        var first = DaemonCalls.NewRequestId();
        Assert.True(Guid.TryParse(first, out _));
        Assert.NotEqual(first, DaemonCalls.NewRequestId());
    }

    [Fact]
    public void Daemon_refusal_becomes_a_diagnostic_on_the_attribute_it_names()
    {
        var schema = new NetworkResource().Schema.Root;

        var onField = DaemonErrors.ToException(schema, "create network",
            DaemonError(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "subnet_ids", "subnet_ids has 1 subnet(s)"));
        var unknownField = DaemonErrors.ToException(schema, "create network",
            DaemonError(StatusCode.InvalidArgument, "INVALID_PARAMETER_VALUE", "something_else"));
        var exists = DaemonErrors.ToException(schema, "create network",
            DaemonError(StatusCode.AlreadyExists, "RESOURCE_ALREADY_EXISTS", "network_name"));

        Assert.Equal(AttributePath.Of("subnet_ids"), onField.Diagnostic.Path);
        Assert.Equal("Invalid subnet_ids", onField.Diagnostic.Summary);
        Assert.Contains("subnet_ids has 1 subnet(s) (INVALID_PARAMETER_VALUE)", onField.Diagnostic.Detail);
        Assert.Null(unknownField.Diagnostic.Path);
        Assert.Equal("Cannot create network: it already exists", exists.Diagnostic.Summary);
        Assert.Equal(AttributePath.Of("network_name"), exists.Diagnostic.Path);
    }

    [Fact]
    public void A_call_that_never_reached_the_daemon_says_where_to_look()
    {
        var error = DaemonErrors.ToException(new NetworkResource().Schema.Root, "create network",
            new RpcException(new Status(StatusCode.Unavailable, "Error connecting to subchannel.")));

        Assert.Equal("Cannot create network: lakeplaned did not answer", error.Diagnostic.Summary);
        Assert.Contains("LAKEPLANE_HOST", error.Diagnostic.Detail);
        Assert.Null(error.Diagnostic.Path);
    }
}
