resource "lakeplane_catalog" "main" {
  workspace_id  = lakeplane_metastore_assignment.this.workspace_id
  name          = "main"
  comment       = "Curated data"
  properties    = { purpose = "analytics" }
  force_destroy = true # delete its schemas, tables and volumes with it
}
