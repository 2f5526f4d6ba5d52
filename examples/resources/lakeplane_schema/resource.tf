resource "lakeplane_schema" "sales" {
  workspace_id = lakeplane_catalog.main.workspace_id
  catalog_name = lakeplane_catalog.main.name
  name         = "sales"
  comment      = "Orders and customers"
}
