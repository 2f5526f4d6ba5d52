resource "lakeplane_volume" "landing" {
  workspace_id = lakeplane_schema.sales.workspace_id
  catalog_name = lakeplane_schema.sales.catalog_name
  schema_name  = lakeplane_schema.sales.name
  name         = "landing"
  volume_type  = "MANAGED"
  comment      = "Raw files before loading"
}
