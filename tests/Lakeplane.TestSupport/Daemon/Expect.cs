using System.Net;
using System.Text.Json;
using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Protos.V1;

namespace Lakeplane.Daemon.Tests.Support;

/// <summary>Assertions on the one error model, as each transport carries it.</summary>
public static class Expect
{
    /// <summary>The call fails with this status, error code and field; returns the detail for message checks.</summary>
    public static async Task<ErrorDetail> RpcErrorAsync(StatusCode status, string errorCode, string? field, Func<Task> call)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        var detail = LakeplaneError.Decode(exception);
        Assert.True(status == exception.StatusCode, $"expected {status}, got {exception.StatusCode}: {detail.Message}");
        Assert.Equal(errorCode, detail.ErrorCode);
        if (field is not null)
        {
            Assert.Equal(field, detail.Field);
            Assert.Contains(field, detail.Message, StringComparison.Ordinal);
        }
        return detail;
    }

    public static Task<ErrorDetail> RpcErrorAsync<T>(StatusCode status, string errorCode, string? field, Func<AsyncUnaryCall<T>> call) =>
        RpcErrorAsync(status, errorCode, field, async () => await call());

    /// <summary>The response is a Databricks-style error: this status, {error_code, message}; returns the message.</summary>
    public static async Task<string> RestErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        Assert.Equal(errorCode, document.RootElement.GetProperty("error_code").GetString());
        var message = document.RootElement.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    public static async Task<JsonElement> RestOkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
