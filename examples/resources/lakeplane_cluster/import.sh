# Import by cluster_id (the account's workspaces are searched for it), or by
# "<workspace_id>/<cluster_id>" when the provider's token may not list workspaces.
terraform import lakeplane_cluster.shared 1125-093000-ab12cd34
