#!/usr/bin/env bash
# Job scheduler idle cost (a report, not a test), run by tests/bench/run.sh or on its own: the CPU time lakeplaned
# and the cluster's node agent use over BENCH_IDLE_SECONDS (default 60) while BENCH_JOBS_COUNT (default 1,000) jobs
# are scheduled but none is due in that window (each once a day, twelve hours away). What waiting for cron times
# costs, with the scheduler leading and the driver node long-polling for tasks.
# BENCH_BIN (default bin/ of this tree) picks the binaries, so a build can be compared with another.
# Appends a section to .work/bench/report.md (creates it when run alone) and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${BENCH_BIN:-$root/bin}"
out="$root/.work/bench"
mkdir -p "$out"
report="$out/report.md"
count="${BENCH_JOBS_COUNT:-1000}"
seconds="${BENCH_IDLE_SECONDS:-60}"
[[ -x $bin/lakeplaned && -x $bin/lakeplane-node-agent ]] || { echo "run 'make build' first" >&2; exit 1; }

# shellcheck source=tests/bench/daemon.sh
source "$(dirname "$0")/daemon.sh"
bench_daemon_start "$bin" "$out/jobs-idle-daemon" "$out/jobs-idle-daemon.log" LAKEPLANE_PROVISION_DELAY_MS=50

echo "idle CPU with $count scheduled jobs over ${seconds}s…" >&2
BENCH_COUNT=$count python3 - <<'PY'
import http.client, json, os, time, urllib.parse

host = urllib.parse.urlparse(os.environ["LAKEPLANE_HOST"])
token, account = os.environ["LAKEPLANE_TOKEN"], os.environ["LAKEPLANE_ACCOUNT_ID"]
count = int(os.environ["BENCH_COUNT"])
connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

def call(method, path, body=None, workspace=None):
    h = dict(headers)
    if workspace:
        h["X-Databricks-Org-Id"] = str(workspace)
    connection.request(method, path, json.dumps(body) if body is not None else None, h)
    response = connection.getresponse()
    data = response.read()
    if not 200 <= response.status < 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:500]!r}")
    return json.loads(data) if data else {}

base = f"/api/2.0/accounts/{account}"
creds = call("POST", base + "/credentials", {"credentials_name": "idle", "aws_credentials": {"sts_role": {"role_arn": "arn:aws:iam::123456789012:role/idle"}}})["credentials_id"]
storage = call("POST", base + "/storage-configurations", {"storage_configuration_name": "idle", "root_bucket_info": {"bucket_name": "idle-root"}})["storage_configuration_id"]
ws = call("POST", base + "/workspaces", {"workspace_name": "idle", "aws_region": "us-east-1", "credentials_id": creds, "storage_configuration_id": storage})["workspace_id"]
while call("GET", f"{base}/workspaces/{ws}")["workspace_status"] != "RUNNING":
    time.sleep(0.1)
cluster = call("POST", "/api/2.1/clusters/create", {"cluster_name": "idle", "spark_version": "15.4.x-scala2.12", "node_type_id": "m5.large", "num_workers": 0, "autotermination_minutes": 0}, ws)["cluster_id"]
while call("GET", f"/api/2.1/clusters/get?cluster_id={cluster}", workspace=ws)["state"] != "RUNNING":
    time.sleep(0.1)
hour = (time.gmtime().tm_hour + 12) % 24  # none is due during the measurement
for i in range(count):
    call("POST", "/api/2.1/jobs/create", {
        "name": f"idle-{i}",
        "schedule": {"quartz_cron_expression": f"{i % 60} {(i // 60) % 60} {hour} * * ?", "timezone_id": "UTC"},
        "tasks": [{"task_key": "t", "existing_cluster_id": cluster, "command_task": {"command": "true"}}],
    }, ws)
PY
sleep 5 # let the creation settle (the scheduler re-reads the jobs after each change)
cpu_ticks() { # utime + stime of the given pids, in clock ticks
  local total=0 pid fields
  for pid in "$@"; do
    fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    total=$(( total + $(awk '{print $12 + $13}' <<<"$fields") ))
  done
  echo "$total"
}
nodes=$(bench_node_pids)
# shellcheck disable=SC2086
daemon_before=$(cpu_ticks "$bench_daemon_pid"); nodes_before=$(cpu_ticks $nodes)
sleep "$seconds"
# shellcheck disable=SC2086
daemon_after=$(cpu_ticks "$bench_daemon_pid"); nodes_after=$(cpu_ticks $nodes)
hz=$(getconf CLK_TCK)
pct() { awk -v t="$1" -v hz="$hz" -v s="$seconds" 'BEGIN {printf "%.2f s (%.1f%% of a core)", t / hz, 100 * t / hz / s}'; }
{
  echo
  echo "## Job scheduler: idle CPU ($count scheduled jobs, none due, ${seconds} s)"
  echo
  echo "| lakeplaned | driver node agent | load average at the end |"
  echo "| ---: | ---: | --- |"
  echo "| $(pct $((daemon_after - daemon_before))) | $(pct $((nodes_after - nodes_before))) | $(cut -d' ' -f1-3 /proc/loadavg) |"
} >> "$report"
tail -n 6 "$report"
