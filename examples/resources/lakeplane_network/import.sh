# Import by network_id.
terraform import lakeplane_network.this 5b7d9f1e-3c2a-4b6d-8e00-0123456789ab
