data "lakeplane_catalogs" "all" {
  workspace_id = lakeplane_metastore_assignment.this.workspace_id
}

output "catalogs" {
  value = data.lakeplane_catalogs.all.ids
}
