# Import by "<workspace_id>|<metastore_id>", as Databricks does.
terraform import lakeplane_metastore_assignment.this "1234567890123456|8f2c1e3a-5b7d-4c19-9e0f-2a6b8d4c1e3f"
