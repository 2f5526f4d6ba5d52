# A shared autoscaling cluster in the workspace above, on the newest long-term-support runtime
# and the smallest node type with 4 cores (see the lakeplane_spark_versions and
# lakeplane_node_types data sources). Creating it waits until it is RUNNING.
#
# num_workers, autoscale, autotermination_minutes and cluster_name change in place; the runtime,
# node types, tags, spark_conf and spark_env_vars restart a running cluster (the plan warns).
# When auto-termination stops it, the next plan is empty and it stays TERMINATED; set
# keep_running = true to have every apply start it again.
resource "lakeplane_cluster" "shared" {
  workspace_id            = lakeplane_workspace.this.workspace_id
  cluster_name            = "Shared Autoscaling"
  spark_version           = data.lakeplane_spark_versions.latest_lts.id
  node_type_id            = data.lakeplane_node_types.smallest.id
  autotermination_minutes = 20

  autoscale {
    min_workers = 1
    max_workers = 4
  }

  spark_conf = {
    "spark.sql.shuffle.partitions" = "8"
  }

  custom_tags = {
    team = "data-platform"
  }

  timeouts {
    create = "15m"
  }
}

output "shared_cluster_id" {
  value = lakeplane_cluster.shared.cluster_id
}
