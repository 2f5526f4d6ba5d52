# Groups; grants to a group apply to all its members, however deeply nested
# (see lakeplane_group_member for adding members, analysts inside engineers here).
resource "lakeplane_group" "engineers" {
  display_name         = "data-engineers"
  allow_cluster_create = true
}

resource "lakeplane_group" "analysts" {
  display_name          = "analysts"
  databricks_sql_access = true
}
