data "lakeplane_workspace" "prod" {
  workspace_name = "prod"
}

output "prod_url" {
  value = data.lakeplane_workspace.prod.workspace_url
}
