# Import by user_id (the SCIM id; find it with GET /api/2.0/preview/scim/v2/Users?filter=userName eq "...").
terraform import lakeplane_user.alice 0f6b9a52-3d1e-4c77-9a10-5e2b8c4d7f01
