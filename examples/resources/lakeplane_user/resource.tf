# A user of the account, seen by every workspace. Grants name it by user_name.
resource "lakeplane_user" "alice" {
  user_name             = "alice@example.com"
  display_name          = "Alice Liddell"
  databricks_sql_access = true
}
