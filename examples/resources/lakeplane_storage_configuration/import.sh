# Import by storage_configuration_id.
terraform import lakeplane_storage_configuration.this 2c5e8d1f-7a3b-4e6c-9d00-0123456789ab
