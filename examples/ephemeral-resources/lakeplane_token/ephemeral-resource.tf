# A workspace token for one run only: issued when Terraform opens it (during plan, and again
# during apply), revoked when the run ends, and never written to plan or state.
ephemeral "lakeplane_token" "run" {
  workspace_id     = lakeplane_workspace.this.workspace_id
  comment          = "terraform run"
  lifetime_seconds = 900 # revoked at the end of the run; this bounds a run that dies first
}

# A second provider configuration acting inside the workspace with that token
# (host and account_id still come from LAKEPLANE_HOST and LAKEPLANE_ACCOUNT_ID).
provider "lakeplane" {
  alias = "workspace"
  token = ephemeral.lakeplane_token.run.token_value
}

data "lakeplane_current_user" "in_workspace" {
  provider = lakeplane.workspace
}

output "workspace_principal" {
  value = data.lakeplane_current_user.in_workspace.workspace_id
}
