# Import by path (the account's workspaces are searched for it), or by
# "<workspace_id>/<path>" when the provider's token may not list workspaces.
terraform import lakeplane_notebook.daily_report /Shared/reports/daily
