# Import by "<workspace_id>/<catalog>.<schema>.<volume>".
terraform import lakeplane_volume.landing 1234567890123456/main.sales.landing
