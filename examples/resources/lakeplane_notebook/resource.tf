# A notebook imported from a local source file; its language (SQL) comes from the extension.
# When the file changes, or someone edits the notebook in the workspace, the next plan shows
# md5 changing and apply imports the configured source again, in place.
resource "lakeplane_notebook" "daily_report" {
  workspace_id = lakeplane_workspace.this.workspace_id
  path         = "/Shared/reports/daily"
  source       = "${path.module}/daily.sql"
}

# A notebook written inline needs its language.
resource "lakeplane_notebook" "hello" {
  workspace_id   = lakeplane_workspace.this.workspace_id
  path           = "/Shared/hello"
  language       = "PYTHON"
  content_base64 = base64encode("# Databricks notebook source\nprint(\"hello\")\n")
}
