using Lakeplane.Resources.Model;
using Proto = Lakeplane.Protos.Tfplugin6;

namespace Lakeplane.Terraform.Protocol;

/// <summary>Model diagnostics and attribute paths in tfplugin6 form.</summary>
public static class DiagnosticTranslator
{
    public static IEnumerable<Proto.Diagnostic> ToProto(Diagnostics diagnostics) => diagnostics.Items.Select(ToProto);

    public static Proto.Diagnostic ToProto(Diagnostic diagnostic)
    {
        var proto = new Proto.Diagnostic
        {
            Severity = diagnostic.Severity == Severity.Error ? Proto.Diagnostic.Types.Severity.Error : Proto.Diagnostic.Types.Severity.Warning,
            Summary = diagnostic.Summary,
            Detail = TerraformNextSteps.Detail(diagnostic),
        };
        if (diagnostic.Path is { IsRoot: false } path)
        {
            proto.Attribute = ToProto(path);
        }
        return proto;
    }

    public static Proto.AttributePath ToProto(AttributePath path)
    {
        var proto = new Proto.AttributePath();
        foreach (var step in path.Steps)
        {
            proto.Steps.Add(step switch
            {
                AttributeStep a => new Proto.AttributePath.Types.Step { AttributeName = a.Name },
                IndexStep i => new Proto.AttributePath.Types.Step { ElementKeyInt = i.Index },
                KeyStep k => new Proto.AttributePath.Types.Step { ElementKeyString = k.Key },
                _ => throw new NotSupportedException($"path step {step} has no tfplugin6 form"),
            });
        }
        return proto;
    }
}
