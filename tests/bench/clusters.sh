#!/usr/bin/env bash
# Cluster manager benchmark (a report, not a test), run by tests/bench/run.sh or on its own:
#   1. PENDING → RUNNING of a local 1+2-node cluster (driver + 2 workers, each a node agent process),
#      median of BENCH_CLUSTER_RUNS, from the daemon's own CREATING and RUNNING event timestamps;
#   2. daemon resident memory with BENCH_CLUSTER_COUNT local 1+2-node clusters RUNNING at once.
# Appends a section to .work/bench/report.md (creates it when run alone) and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.work/bench"
mkdir -p "$out"
report="$out/report.md"
runs="${BENCH_CLUSTER_RUNS:-9}"
count="${BENCH_CLUSTER_COUNT:-20}"
[[ -x $root/bin/lakeplaned && -x $root/bin/lakeplane-node-agent ]] || { echo "run 'make build' first" >&2; exit 1; }

# shellcheck source=tests/bench/daemon.sh
source "$(dirname "$0")/daemon.sh"
bench_daemon_start "$root/bin" "$out/clusters-daemon" "$out/clusters-daemon.log" LAKEPLANE_PROVISION_DELAY_MS=50
auth=(-H "Authorization: Bearer $LAKEPLANE_TOKEN")
account="$LAKEPLANE_HOST/api/2.0/accounts/$LAKEPLANE_ACCOUNT_ID"
json() { python3 -c "import sys, json; print(json.load(sys.stdin)$1)"; }

creds=$(curl -fsS "${auth[@]}" -X POST "$account/credentials" \
  -d '{"credentials_name":"bench","aws_credentials":{"sts_role":{"role_arn":"arn:aws:iam::123456789012:role/bench"}}}' | json '["credentials_id"]')
storage=$(curl -fsS "${auth[@]}" -X POST "$account/storage-configurations" \
  -d '{"storage_configuration_name":"bench","root_bucket_info":{"bucket_name":"bench-root"}}' | json '["storage_configuration_id"]')
workspace=$(curl -fsS "${auth[@]}" -X POST "$account/workspaces" \
  -d "{\"workspace_name\":\"bench\",\"aws_region\":\"us-east-1\",\"credentials_id\":\"$creds\",\"storage_configuration_id\":\"$storage\"}" | json '["workspace_id"]')
for _ in $(seq 100); do
  [[ $(curl -fsS "${auth[@]}" "$account/workspaces/$workspace" | json '["workspace_status"]') == RUNNING ]] && break; sleep 0.1
done
ws=(-H "X-Databricks-Org-Id: $workspace")
clusters="$LAKEPLANE_HOST/api/2.1/clusters"

create() {
  curl -fsS "${auth[@]}" "${ws[@]}" -X POST "$clusters/create" \
    -d "{\"cluster_name\":\"$1\",\"spark_version\":\"15.4.x-scala2.12\",\"node_type_id\":\"m5.large\",\"num_workers\":2}" | json '["cluster_id"]'
}
state() { curl -fsS "${auth[@]}" "${ws[@]}" "$clusters/get?cluster_id=$1" | json '["state"]'; }
wait_for() {
  local id=$1 wanted=$2
  for _ in $(seq 1200); do [[ $(state "$id") == "$wanted" ]] && return 0; sleep 0.05; done
  echo "cluster $id never got $wanted" >&2; exit 1
}
# Milliseconds between the CREATING and RUNNING events of a cluster: measured by the daemon, not by polling.
pending_to_running_ms() {
  curl -fsS "${auth[@]}" "${ws[@]}" -X POST "$clusters/events" -d "{\"cluster_id\":\"$1\",\"order\":\"ASC\"}" | python3 -c '
import sys, json
events = {e["type"]: e["timestamp"] for e in reversed(json.load(sys.stdin)["events"])}
print(events["RUNNING"] - events["CREATING"])'
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

echo "PENDING → RUNNING of a 1+2-node local cluster ($runs runs)…" >&2
samples=()
for i in $(seq "$runs"); do
  id=$(create "start-$i")
  wait_for "$id" RUNNING
  samples+=("$(pending_to_running_ms "$id")")
  curl -fsS "${auth[@]}" "${ws[@]}" -X POST "$clusters/delete" -d "{\"cluster_id\":\"$id\"}" >/dev/null
  wait_for "$id" TERMINATED
done
start_median=$(printf '%s\n' "${samples[@]}" | median)
start_max=$(printf '%s\n' "${samples[@]}" | sort -n | tail -1)

echo "$count 1+2-node clusters running at once…" >&2
rss_before=$(awk '/VmRSS/ {print $2}' "/proc/$bench_daemon_pid/status")
ids=()
for i in $(seq "$count"); do ids+=("$(create "many-$i")"); done
for id in "${ids[@]}"; do wait_for "$id" RUNNING; done
sleep 5 # several heartbeats from every node and reconcile rounds at full size
rss_running=$(awk '/VmRSS/ {print $2}' "/proc/$bench_daemon_pid/status")
nodes=0; node_rss=0
for pid in $(bench_node_pids); do
  kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  nodes=$((nodes + 1)); node_rss=$((node_rss + kb))
done

section=$(cat <<MD

## Cluster manager (local compute, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg))

| measure | result | goal |
| --- | --- | --- |
| PENDING → RUNNING, 1+2 nodes (median of $runs; max) | ${start_median} ms; ${start_max} ms | ≤ 2000 ms |
| daemon RSS, no clusters → $count running 1+2-node clusters | $((rss_before / 1024)) → $((rss_running / 1024)) MiB | |
| node agents running / their RSS each (mean) | $nodes / $(( nodes > 0 ? node_rss / nodes / 1024 : 0 )) MiB | |
MD
)
printf '%s\n' "$section" >> "$report"
printf '%s\n' "$section"
