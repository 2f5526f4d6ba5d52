using Grpc.Core;
using Lakeplane.Protos.Client;
using Lakeplane.Resources.Model;
using Lakeplane.Terraform.Values;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// Every failure a request can meet, as a diagnostic the user can act on, so that no exception
/// ever reaches gRPC (terraform would only print "rpc error: code = Unknown"). Messages carry
/// what went wrong, never attribute values: those may be secret.
/// </summary>
public static class FailureDiagnostics
{
    public static Diagnostic From(Exception exception, ObjectSchema? schema, bool stopRequested)
    {
        switch (exception)
        {
            case ResourceException resource:
                return resource.Diagnostic;
            case IncompleteOperationException incomplete:
                return incomplete.Diagnostic;
            case ValueCodecException codec:
                return Diagnostic.Error(
                    "Value does not match the provider's schema",
                    codec.Message + ". This is a bug in terraform-provider-lakeplane or a Terraform it does not support; please report it.",
                    codec.Path);
            case RpcException { StatusCode: StatusCode.Cancelled } when stopRequested:
            case OperationCanceledException when stopRequested:
                return Diagnostic.Error("Stopped", "Terraform asked the provider to stop (interrupt) before the operation finished.");
            case RpcException rpc:
                return FromDaemonError(rpc, schema);
            case OperationCanceledException:
                return Diagnostic.Error("Cancelled", "The request was cancelled before it finished.");
            case HttpRequestException http:
                return Diagnostic.Error("Cannot reach lakeplaned", http.Message + ". Check the provider's host (LAKEPLANE_HOST) and that the daemon is running.");
            default:
                return Diagnostic.Error(
                    "Unexpected error in terraform-provider-lakeplane",
                    $"{exception.GetType().Name}: {exception.Message}. This is a bug; please report it.");
        }
    }

    /// <summary>A daemon error the resource did not handle: its code, its message, and the attribute it names when the schema has one.</summary>
    private static Diagnostic FromDaemonError(RpcException rpc, ObjectSchema? schema)
    {
        var detail = LakeplaneError.Decode(rpc);
        var summary = detail.ErrorCode switch
        {
            "INVALID_PARAMETER_VALUE" => "Invalid value",
            "RESOURCE_DOES_NOT_EXIST" => "Object not found",
            "RESOURCE_ALREADY_EXISTS" => "Object already exists",
            "PERMISSION_DENIED" => "Permission denied",
            "UNAUTHENTICATED" => "Not authenticated",
            "RESOURCE_CONFLICT" => "Conflicting change",
            "TEMPORARILY_UNAVAILABLE" => "lakeplaned is unavailable",
            _ => "lakeplaned error",
        };
        var message = string.IsNullOrEmpty(detail.Message) ? rpc.Status.Detail : detail.Message;
        return Diagnostic.Error(summary, $"{message} ({detail.ErrorCode})", PathOf(detail.Field, schema));
    }

    private static AttributePath? PathOf(string field, ObjectSchema? schema)
    {
        if (string.IsNullOrEmpty(field) || schema is null)
        {
            return null;
        }
        var steps = field.Split('.');
        if (schema.FindAttribute(steps[0]) is null && schema.FindBlock(steps[0]) is null)
        {
            // The daemon's field name is not one of ours: better no path than a wrong one.
            return null;
        }
        return steps.Aggregate(AttributePath.Root, (path, step) => path.Attribute(step));
    }
}
