# Import by "<workspace_id>/<securable_type>/<full_name>".
terraform import lakeplane_grants.main 1234567890123456/catalog/main
