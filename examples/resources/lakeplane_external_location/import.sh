# Import by "<workspace_id>/<location name>".
terraform import lakeplane_external_location.landing 1234567890123456/landing-zone
