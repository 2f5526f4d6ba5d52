using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// Protocol features this provider does not offer — moved blocks from other resource types,
/// provider functions. terraform may still call them; an unimplemented RPC would fail its
/// run, so each gets a proper answer: nothing to list, or a diagnostic.
/// </summary>
public static class UnsupportedFeatures
{
    public static GetFunctions.Types.Response GetFunctions() => new();

    public static MoveResourceState.Types.Response MoveResourceState(MoveResourceState.Types.Request request) =>
        new()
        {
            Diagnostics =
            {
                Error("Move not supported",
                    $"{request.TargetTypeName} cannot take state moved from {request.SourceTypeName} ({request.SourceProviderAddress}). " +
                    "Remove the old resource from state and import the object instead."),
            },
        };

    public static CallFunction.Types.Response CallFunction(CallFunction.Types.Request request) =>
        new() { Error = new FunctionError { Text = $"The lakeplane provider has no function \"{request.Name}\"." } };

    private static Protos.Tfplugin6.Diagnostic Error(string summary, string detail) =>
        DiagnosticTranslator.ToProto(Resources.Model.Diagnostic.Error(summary, detail));
}
