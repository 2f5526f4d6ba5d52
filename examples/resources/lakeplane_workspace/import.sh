# Import by workspace_id.
terraform import lakeplane_workspace.this 1234567890123456
