# Import by "<group_id>|<member_id>".
terraform import lakeplane_group_member.alice '7c3e1f0a-92b4-4d5e-8f61-2a9d0b3c4e5f|0f6b9a52-3d1e-4c77-9a10-5e2b8c4d7f01'
