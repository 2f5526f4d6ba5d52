# One metastore per region; managed tables and volumes go under storage_root.
resource "lakeplane_metastore" "this" {
  name          = "primary"
  region        = "eu-west-1"
  storage_root  = "s3://acme-metastore/root"
  force_destroy = true # also delete it while assigned or holding catalogs
}
