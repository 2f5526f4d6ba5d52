using Lakeplane.Protos.Tfplugin6;
using Lakeplane.Resources.Model;
using Diagnostics = Lakeplane.Resources.Model.Diagnostics;

namespace Lakeplane.Terraform.Protocol;

/// <summary>
/// Protocol features this provider does not offer — moved blocks from other resource types,
/// provider functions, ephemeral resources. terraform may still call them; an unimplemented
/// RPC would fail its run, so each gets a proper answer: nothing to list, or a diagnostic.
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

    public static ValidateEphemeralResourceConfig.Types.Response ValidateEphemeral(ValidateEphemeralResourceConfig.Types.Request request) =>
        new() { Diagnostics = { NoEphemeral(request.TypeName) } };

    public static OpenEphemeralResource.Types.Response OpenEphemeral(OpenEphemeralResource.Types.Request request) =>
        new() { Diagnostics = { NoEphemeral(request.TypeName) } };

    public static RenewEphemeralResource.Types.Response RenewEphemeral(RenewEphemeralResource.Types.Request request) =>
        new() { Diagnostics = { NoEphemeral(request.TypeName) } };

    public static CloseEphemeralResource.Types.Response CloseEphemeral(CloseEphemeralResource.Types.Request request) =>
        new() { Diagnostics = { NoEphemeral(request.TypeName) } };

    private static Protos.Tfplugin6.Diagnostic NoEphemeral(string typeName) =>
        Error("Unknown ephemeral resource", $"The lakeplane provider has no ephemeral resource \"{typeName}\".");

    private static Protos.Tfplugin6.Diagnostic Error(string summary, string detail) =>
        DiagnosticTranslator.ToProto(Resources.Model.Diagnostic.Error(summary, detail));
}
