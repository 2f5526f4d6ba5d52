data "lakeplane_schemas" "main" {
  workspace_id = lakeplane_metastore_assignment.this.workspace_id
  catalog_name = "main"
}

output "schemas" {
  value = data.lakeplane_schemas.main.ids # ["main.sales", ...]
}
