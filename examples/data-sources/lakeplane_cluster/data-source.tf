# A cluster created elsewhere (by hand or by another configuration), looked up by name.
data "lakeplane_cluster" "adhoc" {
  workspace_id = lakeplane_workspace.this.workspace_id
  cluster_name = "Ad-hoc Analysis"
}

output "adhoc_cluster_state" {
  value = data.lakeplane_cluster.adhoc.state
}
