resource "lakeplane_storage_credential" "s3" {
  workspace_id = lakeplane_metastore_assignment.this.workspace_id
  name         = "s3-access"
  comment      = "Role for the landing bucket"

  aws_iam_role {
    role_arn = "arn:aws:iam::123456789012:role/lakeplane-s3-access"
  }
}

# What the role's trust policy must require.
output "external_id" {
  value = lakeplane_storage_credential.s3.aws_iam_role.external_id
}
