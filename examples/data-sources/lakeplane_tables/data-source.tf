data "lakeplane_tables" "sales" {
  workspace_id = lakeplane_metastore_assignment.this.workspace_id
  catalog_name = "main"
  schema_name  = "sales"
}

output "tables" {
  value = data.lakeplane_tables.sales.ids # ["main.sales.orders", ...]
}
