# The newest long-term-support runtime.
data "lakeplane_spark_versions" "latest_lts" {
  workspace_id      = lakeplane_workspace.this.workspace_id
  long_term_support = true
}

output "latest_lts_runtime" {
  value = data.lakeplane_spark_versions.latest_lts.id
}
