#!/usr/bin/env bash
# Job scheduler benchmark (a report, not a test), run by tests/bench/run.sh or on its own:
# fire jitter — from a run's cron time to the moment its task's process started on the cluster's driver node (the
# node agent's clock, the same machine's) — with BENCH_JOBS_COUNT scheduled jobs (default 1,000), each firing once a
# minute at its own second (so ~count/60 fires a second), over BENCH_JOBS_SECONDS (default 120). Goal: median ≤ 200 ms.
# Appends a section to .work/bench/report.md (creates it when run alone) and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.work/bench"
mkdir -p "$out"
report="$out/report.md"
count="${BENCH_JOBS_COUNT:-1000}"
seconds="${BENCH_JOBS_SECONDS:-120}"
[[ -x $root/bin/lakeplaned && -x $root/bin/lakeplane-node-agent ]] || { echo "run 'make build' first" >&2; exit 1; }

# shellcheck source=tests/bench/daemon.sh
source "$(dirname "$0")/daemon.sh"
bench_daemon_start "$root/bin" "$out/jobs-daemon" "$out/jobs-daemon.log" LAKEPLANE_PROVISION_DELAY_MS=50

echo "fire jitter with $count scheduled jobs over ${seconds}s…" >&2
BENCH_COUNT=$count BENCH_SECONDS=$seconds python3 - "$out/jobs-jitter.txt" <<'PY'
import http.client, json, os, sys, time, urllib.parse

host = urllib.parse.urlparse(os.environ["LAKEPLANE_HOST"])
token, account = os.environ["LAKEPLANE_TOKEN"], os.environ["LAKEPLANE_ACCOUNT_ID"]
count, seconds = int(os.environ["BENCH_COUNT"]), int(os.environ["BENCH_SECONDS"])
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
creds = call("POST", base + "/credentials", {"credentials_name": "bench", "aws_credentials": {"sts_role": {"role_arn": "arn:aws:iam::123456789012:role/bench"}}})["credentials_id"]
storage = call("POST", base + "/storage-configurations", {"storage_configuration_name": "bench", "root_bucket_info": {"bucket_name": "bench-root"}})["storage_configuration_id"]
ws = call("POST", base + "/workspaces", {"workspace_name": "bench", "aws_region": "us-east-1", "credentials_id": creds, "storage_configuration_id": storage})["workspace_id"]
while call("GET", f"{base}/workspaces/{ws}")["workspace_status"] != "RUNNING":
    time.sleep(0.1)
cluster = call("POST", "/api/2.1/clusters/create", {"cluster_name": "bench", "spark_version": "15.4.x-scala2.12", "node_type_id": "m5.large", "num_workers": 0}, ws)["cluster_id"]
while call("GET", f"/api/2.1/clusters/get?cluster_id={cluster}", workspace=ws)["state"] != "RUNNING":
    time.sleep(0.1)
for i in range(count):
    call("POST", "/api/2.1/jobs/create", {
        "name": f"bench-{i}", "max_concurrent_runs": 10,
        "schedule": {"quartz_cron_expression": f"{i % 60} * * * * ?", "timezone_id": "UTC"},
        "tasks": [{"task_key": "t", "existing_cluster_id": cluster, "command_task": {"command": "true"}}],
    }, ws)
start = time.time() * 1000
time.sleep(seconds)
end = time.time() * 1000
time.sleep(5)  # let the last fires finish
jitter, unstarted, offset = [], 0, 0
while True:
    page = call("GET", f"/api/2.1/jobs/runs/list?limit=1000&offset={offset}", workspace=ws)
    for run in page.get("runs", []):
        scheduled = run.get("scheduled_time", 0)
        if not (start <= scheduled < end):
            continue
        started = run["tasks"][0].get("start_time", 0)
        if started:
            jitter.append(started - scheduled)
        else:
            unstarted += 1
    if not page.get("has_more"):
        break
    offset += 1000
jitter.sort()
with open(sys.argv[1], "w") as f:
    f.write(" ".join(str(j) for j in jitter) + "\n" + str(unstarted) + "\n")
PY
python3 - "$out/jobs-jitter.txt" "$count" "$seconds" >> "$report" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
jitter = [int(x) for x in lines[0].split()]
unstarted = int(lines[1])
def pct(p):
    return jitter[min(len(jitter) - 1, int(round(p / 100 * (len(jitter) - 1))))] if jitter else float("nan")
print()
print(f"## Job scheduler: fire jitter ({sys.argv[2]} scheduled jobs, {sys.argv[3]} s)")
print()
print("From a run's cron time to its task's process start on the driver node (node agent clock). Goal: median ≤ 200 ms.")
print()
print("| fires measured | not started in time | median | p90 | p99 | max |")
print("| ---: | ---: | ---: | ---: | ---: | ---: |")
print(f"| {len(jitter)} | {unstarted} | {pct(50)} ms | {pct(90)} ms | {pct(99)} ms | {jitter[-1] if jitter else 'n/a'} ms |")
PY
tail -n 8 "$report"
