# One principal's privileges on one table; other principals' grants are left alone.
# Use either lakeplane_grants or lakeplane_grant on a securable, not both.
resource "lakeplane_grant" "orders_reporting" {
  workspace_id = lakeplane_table.orders.workspace_id
  table        = lakeplane_table.orders.id
  principal    = "reporting"
  privileges   = ["SELECT"]
}
