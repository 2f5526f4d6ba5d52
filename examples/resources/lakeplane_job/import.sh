# Import by job_id (the account's workspaces are searched for it), or by
# "<workspace_id>/<job_id>" when the provider's token may not list workspaces.
terraform import lakeplane_job.nightly_etl 59965744496091
