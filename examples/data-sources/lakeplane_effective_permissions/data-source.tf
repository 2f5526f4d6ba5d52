# What analysts can do on the orders table, including what they inherit from the
# catalog and schema and hold through their groups.
data "lakeplane_effective_permissions" "orders" {
  workspace_id   = lakeplane_metastore_assignment.this.workspace_id
  securable_type = "table"
  full_name      = "main.sales.orders"
  principal      = "analysts"
}

output "orders_privileges" {
  value = flatten([for a in data.lakeplane_effective_permissions.orders.privilege_assignments : a.privileges[*].privilege])
}
