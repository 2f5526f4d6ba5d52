# The workspace uses this metastore. Catalog resources take workspace_id from here,
# which makes terraform create them after the assignment and destroy them before it.
resource "lakeplane_metastore_assignment" "this" {
  workspace_id         = lakeplane_workspace.this.workspace_id
  metastore_id         = lakeplane_metastore.this.metastore_id
  default_catalog_name = "main"
}
