# Import by "<workspace_id>/<catalog name>": the catalog is reached through a workspace.
terraform import lakeplane_catalog.main 1234567890123456/main
