resource "lakeplane_table" "orders" {
  workspace_id = lakeplane_schema.sales.workspace_id
  catalog_name = lakeplane_schema.sales.catalog_name
  schema_name  = lakeplane_schema.sales.name
  name         = "orders"
  table_type   = "MANAGED"
  comment      = "One row per order"

  column {
    name     = "order_id"
    type     = "bigint"
    nullable = false
  }
  column {
    name = "amount"
    type = "decimal(10,2)"
  }
  column {
    name    = "placed_at"
    type    = "timestamp"
    comment = "UTC"
  }
}
