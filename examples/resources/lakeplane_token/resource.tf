# A token valid in one workspace. token_value is sensitive and known only at creation:
# Lakeplane stores a hash, so an imported token has no token_value.
resource "lakeplane_token" "ci" {
  workspace_id     = lakeplane_workspace.this.workspace_id
  comment          = "CI pipeline"
  lifetime_seconds = 7776000 # 90 days
}

output "ci_token" {
  value     = lakeplane_token.ci.token_value
  sensitive = true
}
