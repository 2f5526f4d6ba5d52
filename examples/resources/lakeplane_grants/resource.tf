# Every grant on the catalog: privileges not listed here are revoked, and the plan
# warns per principal ("will revoke SELECT from bob@example.com on catalog main").
resource "lakeplane_grants" "main" {
  workspace_id = lakeplane_catalog.main.workspace_id
  catalog      = lakeplane_catalog.main.name

  grant {
    principal  = "data-engineers"
    privileges = ["ALL_PRIVILEGES"]
  }
  grant {
    principal  = "analysts"
    privileges = ["USE_CATALOG", "USE_SCHEMA", "SELECT"]
  }
}
