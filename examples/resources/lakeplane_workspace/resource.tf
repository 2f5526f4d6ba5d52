# A workspace on the credentials, storage configuration and network above. Waits until the
# workspace is RUNNING. credentials_id, network_id and custom_tags change in place; every
# other argument replaces the workspace.
resource "lakeplane_workspace" "this" {
  workspace_name           = "prod"
  aws_region               = "eu-west-1"
  credentials_id           = lakeplane_credentials.this.credentials_id
  storage_configuration_id = lakeplane_storage_configuration.this.storage_configuration_id
  network_id               = lakeplane_network.this.network_id

  custom_tags = {
    cost-center = "data-platform"
  }

  timeouts {
    create = "20m"
    update = "20m"
  }
}

output "workspace_url" {
  value = lakeplane_workspace.this.workspace_url
}
