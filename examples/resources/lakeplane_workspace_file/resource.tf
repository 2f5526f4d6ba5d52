# A Python file that jobs run (spark_python_task.python_file = lakeplane_workspace_file.ingest.path).
# Its content is read from ingest.py next to this configuration when planning. When that file
# changes, or someone changes the file in the workspace, the next plan shows md5 changing and
# apply imports the configured content again, in place. Lakeplane stores it encrypted at rest.
resource "lakeplane_workspace_file" "ingest" {
  workspace_id = lakeplane_workspace.this.workspace_id
  path         = "/Shared/etl/ingest.py"
  source       = "${path.module}/ingest.py"
}

# Content written in the configuration itself.
resource "lakeplane_workspace_file" "settings" {
  workspace_id   = lakeplane_workspace.this.workspace_id
  path           = "/Shared/etl/settings.json"
  content_base64 = base64encode(jsonencode({ batch_size = 500 }))
}
