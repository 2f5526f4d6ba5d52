resource "lakeplane_external_location" "landing" {
  workspace_id    = lakeplane_storage_credential.s3.workspace_id
  name            = "landing-zone"
  url             = "s3://acme-landing/zone"
  credential_name = lakeplane_storage_credential.s3.name
  comment         = "Files dropped by partners"
}
