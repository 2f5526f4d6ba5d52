# A nightly ETL job: extract and transform on a job cluster created for each run (and deleted
# after it), then a Python file from the workspace on the shared cluster. Tasks run in the order
# their depends_on make; a failed task skips the tasks after it (UPSTREAM_FAILED). The schedule is
# Quartz cron (seconds first) read in the given time zone; pause_status = "PAUSED" keeps it quiet.
resource "lakeplane_job" "nightly_etl" {
  workspace_id        = lakeplane_workspace.this.workspace_id
  name                = "Nightly ETL"
  max_concurrent_runs = 1

  schedule {
    quartz_cron_expression = "0 30 2 * * ?"
    timezone_id            = "Europe/Amsterdam"
  }

  job_cluster {
    job_cluster_key = "etl"
    new_cluster {
      spark_version = data.lakeplane_spark_versions.latest_lts.id
      node_type_id  = data.lakeplane_node_types.smallest.id
      num_workers   = 1
    }
  }

  task {
    task_key        = "extract"
    job_cluster_key = "etl"
    max_retries     = 2
    command_task {
      command    = "echo extracting $1"
      parameters = ["orders"]
    }
  }

  task {
    task_key        = "transform"
    job_cluster_key = "etl"
    timeout_seconds = 3600
    depends_on {
      task_key = "extract"
    }
    command_task {
      command = "echo transforming into $TARGET"
      env     = { TARGET = "silver" }
    }
  }

  task {
    task_key            = "load"
    existing_cluster_id = lakeplane_cluster.shared.cluster_id
    depends_on {
      task_key = "transform"
    }
    spark_python_task {
      python_file = lakeplane_workspace_file.ingest.path
      parameters  = ["--date", "today"]
    }
  }
}
