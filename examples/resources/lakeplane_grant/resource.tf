# One principal's privileges on one table; other principals' grants are left alone.
# A lakeplane_grants on the same securable leaves this principal to this resource.
resource "lakeplane_grant" "orders_reporting" {
  workspace_id = lakeplane_table.orders.workspace_id
  table        = lakeplane_table.orders.id
  principal    = "reporting"
  privileges   = ["SELECT"]
}
