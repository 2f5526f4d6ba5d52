# The S3 bucket that holds a workspace's root storage (DBFS root in Databricks terms).
resource "lakeplane_storage_configuration" "this" {
  storage_configuration_name = "prod-root-storage"
  bucket_name                = "acme-lakeplane-prod-root"
}
