# Import by metastore_id.
terraform import lakeplane_metastore.this 8f2c1e3a-5b7d-4c19-9e0f-2a6b8d4c1e3f
