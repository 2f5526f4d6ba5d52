using Lakeplane.Protos.V1;
using Lakeplane.Resources.Attributes;
using Lakeplane.Resources.Model;
using Lakeplane.Resources.Resources.Common;

namespace Lakeplane.Resources.Resources;

/// <summary>
/// lakeplane_workspace_file (databricks_workspace_file): a file in a workspace's tree, its content from a local file
/// or inline, stored encrypted at rest. A content change (locally or in the workspace, seen by its MD5) re-imports it in
/// place; workspace_id and path replace it.
/// </summary>
public sealed class WorkspaceFileResource : WorkspaceObjectResourceBase
{
    public override string Name => "workspace_file";

    protected override string Noun => "workspace file";

    protected override string ObjectType => "FILE";

    public override ResourceSchema Schema { get; } = new(0, new ObjectSchema
    {
        Description =
            "A file in a workspace's tree (what a job's `spark_python_task.python_file` names), as Databricks' `databricks_workspace_file`. " +
            "Its content comes from a local file (`source`, read when planning) or inline (`content_base64`); Lakeplane stores it encrypted " +
            "at rest. `md5` is the MD5 of the content: when the local file changes, or someone changes the file in the workspace, the next " +
            "plan shows it and apply imports the configured content again, in place. Missing parent directories are created. " +
            "Import with the path, or `<workspace_id>/<path>`.",
        Attributes =
        [
            Attr.Number(WorkspaceId).Required().RequiresReplace("A file belongs to its workspace; another workspace means another file.")
                .Describe("Id of the workspace the file is in."),
            Attr.String(PathAttribute).Required().RequiresReplace("A workspace file is known by its path; another path is another file.")
                .Describe("Absolute path of the file in the workspace, e.g. `/Shared/etl/job.py`."),
            Attr.String(Source).Optional()
                .Describe("Path of a local file whose content to import, read when planning. Conflicts with `content_base64`."),
            Attr.String(ContentBase64).Optional()
                .Describe("The content, base64-encoded (e.g. `base64encode(\"print(1)\")`). Conflicts with `source`."),
            Attr.String(Md5).Computed().Describe("MD5 (hex) of the content; a difference between the configured and the stored content is a change."),
            Attr.Number(ObjectId).Computed().UseStateForUnknown().Describe("Id of the file in the workspace."),
        ],
    });

    protected override ImportWorkspaceObjectRequest ImportRequest(ObjectValue planned) => new() { Format = "RAW" };

    protected override void AddKindState(Dictionary<string, Value> values, WorkspaceObjectInfo info, ObjectValue? prior)
    {
    }
}
