# Import by "<workspace_id>/<credential name>".
terraform import lakeplane_storage_credential.s3 1234567890123456/s3-access
