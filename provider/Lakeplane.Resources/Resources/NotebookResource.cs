using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_notebook (databricks_notebook): a notebook in a workspace's tree in source format, its content from a
/// local file or inline, stored encrypted at rest. Its language comes from the configuration or the source file's
/// extension. A content or language change re-imports it in place; workspace_id and path replace it.
/// </summary>
public sealed class NotebookResource : WorkspaceObjectResourceBase
{
    public const string Language = "language";

    private static readonly IReadOnlyDictionary<string, string> LanguageByExtension = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".py"] = "PYTHON",
        [".sql"] = "SQL",
        [".scala"] = "SCALA",
        [".r"] = "R",
    };

    public override string Name => "notebook";

    protected override string Noun => "notebook";

    protected override string ObjectType => "NOTEBOOK";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description =
            "A notebook in a workspace's tree, in source format, as Databricks' `databricks_notebook`. Its content comes from a local " +
            "file (`source`, read when planning) or inline (`content_base64`); Lakeplane stores it encrypted at rest. `language` is " +
            "taken from the source file's extension (.py, .sql, .scala, .r) unless set. `md5` is the MD5 of the content: when the " +
            "local file changes, or someone changes the notebook in the workspace, the next plan shows it and apply imports the " +
            "configured content again, in place. Missing parent directories are created. Import with the path, or `<workspace_id>/<path>`.",
        Attributes =
        [
            Attr.Number(WorkspaceId).Required().RequiresReplace("A notebook belongs to its workspace; another workspace means another notebook.")
                .Describe("Id of the workspace the notebook is in."),
            Attr.String(PathAttribute).Required().RequiresReplace("A notebook is known by its path; another path is another notebook.")
                .Describe("Absolute path of the notebook in the workspace, without extension, e.g. `/Shared/reports/daily`."),
            Attr.String(Source).Optional()
                .Describe("Path of a local source file (.py, .sql, .scala, .r) whose content to import, read when planning. Conflicts with `content_base64`."),
            Attr.String(ContentBase64).Optional()
                .Describe("The notebook's source, base64-encoded (e.g. `base64encode(\"# Databricks notebook source\\nprint(1)\")`). Conflicts with `source`; needs `language`."),
            Attr.String(Language).Optional().Computed().Validate(Validators.OneOf("PYTHON", "SQL", "SCALA", "R"))
                .Describe("PYTHON, SQL, SCALA or R; from the extension of `source` when unset. Changes in place."),
            Attr.String(Md5).Computed().Describe("MD5 (hex) of the content; a difference between the configured and the stored content is a change."),
            Attr.Number(ObjectId).Computed().UseStateForUnknown().Describe("Id of the notebook in the workspace."),
        ],
    });

    public override void ValidateConfig(ObjectValue config, Diagnostics diagnostics)
    {
        base.ValidateConfig(config, diagnostics);
        if (config[Language].IsNull && config[Source] is StringValue { Value: var source } && InferLanguage(source) is null)
        {
            diagnostics.AddError("Missing language",
                $"\"language\" cannot be taken from \"{source}\": its extension is not .py, .sql, .scala or .r. Set language to PYTHON, SQL, SCALA or R.",
                AttributePath.Of(Language));
        }
        if (config[Language].IsNull && config[Source].IsNull && !config[ContentBase64].IsNull)
        {
            diagnostics.AddError("Missing language", "A notebook given as content_base64 needs \"language\": PYTHON, SQL, SCALA or R.", AttributePath.Of(Language));
        }
    }

    protected override void ModifyKindPlan(ObjectValue config, ref ObjectValue planned, Diagnostics diagnostics)
    {
        if (config[Language].IsNull)
        {
            planned = planned.With(Language, config[Source] switch
            {
                StringValue { Value: var source } => InferLanguage(source) is { } inferred ? Value.Of(inferred) : Value.Unknown,
                _ => Value.Unknown,
            });
        }
    }

    protected override bool KindChanged(ObjectValue prior, ObjectValue planned) => prior.OptionalString(Language) != planned.OptionalString(Language);

    protected override ImportWorkspaceObjectRequest ImportRequest(ObjectValue planned) => new()
    {
        Format = "SOURCE",
        Language = planned.OptionalString(Language) ?? InferLanguage(planned.RequiredString(Source))!,
    };

    protected override void AddKindState(Dictionary<string, Value> values, WorkspaceObjectInfo info, ObjectValue? prior) =>
        values[Language] = info.Language.Length > 0 ? Value.Of(info.Language) : prior?[Language] ?? Value.Null;

    private static string? InferLanguage(string source) => LanguageByExtension.GetValueOrDefault(Path.GetExtension(source));
}
