# Import by service_principal_id (the SCIM id).
terraform import lakeplane_service_principal.deployer 3a8e5c21-6f0b-4d9a-b7e2-1c4f5a6b7d8e
