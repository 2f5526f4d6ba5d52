# Import by credentials_id.
terraform import lakeplane_credentials.this 9f3c1a7e-2b4d-4c1e-8f00-0123456789ab
