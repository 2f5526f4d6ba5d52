# Import by group_id (the SCIM id).
terraform import lakeplane_group.engineers 7c3e1f0a-92b4-4d5e-8f61-2a9d0b3c4e5f
