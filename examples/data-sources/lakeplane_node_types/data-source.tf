# The smallest node type with at least 4 cores (id), and every match (node_types).
data "lakeplane_node_types" "smallest" {
  workspace_id = lakeplane_workspace.this.workspace_id
  min_cores    = 4
}

output "node_types_with_4_cores" {
  value = [for t in data.lakeplane_node_types.smallest.node_types : "${t.node_type_id}: ${t.description}"]
}
