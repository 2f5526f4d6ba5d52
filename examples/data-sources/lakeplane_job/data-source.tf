# A job of the workspace by name (or by job_id): its schedule and task keys.
data "lakeplane_job" "nightly_etl" {
  workspace_id = lakeplane_workspace.this.workspace_id
  name         = "Nightly ETL"
}

output "nightly_etl_schedule" {
  value = "${data.lakeplane_job.nightly_etl.quartz_cron_expression} (${data.lakeplane_job.nightly_etl.timezone_id})"
}
