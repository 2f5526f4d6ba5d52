#!/usr/bin/env bash
# Replica failover benchmark (a report, not a test), run by tests/bench/run.sh or on its own: three lakeplaned replicas on
# one PostgreSQL (a throwaway server of its own under .work/bench/failover-postgres), sharing a local compute directory.
# BENCH_FAILOVER_RUNS times: create a 1+2-node cluster through a replica that does not reconcile, kill the replica holding
# the clusters lease with SIGKILL 0.3 s later, and measure
#   1. kill → the loop working again on a survivor: the survivor's takeover time as the lease row records it (acquired_at);
#   2. kill → that cluster RUNNING;
# then start a replacement replica and delete the cluster. Leases are the default (LAKEPLANE_LEASE_MS=10000) unless
# BENCH_FAILOVER_LEASE_MS says otherwise.
# Appends a section to .work/bench/report.md (creates it when run alone) and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.work/bench"
mkdir -p "$out"
report="$out/report.md"
runs="${BENCH_FAILOVER_RUNS:-7}"
lease_ms="${BENCH_FAILOVER_LEASE_MS:-10000}"
bin="$root/bin"
[[ -x $bin/lakeplaned && -x $bin/lakeplane-node-agent ]] || { echo "run 'make build' first" >&2; exit 1; }

pg="$out/failover-postgres"
bash "$root/tests/scripts/postgres.sh" start "$pg" >/dev/null
# A database of its own in that server: every run starts empty.
database="lakeplane_failover_$$"
postgres="$(bash "$root/tests/scripts/postgres.sh" url "$pg" | sed "s/Database=[^;]*/Database=$database/")"
work="$out/failover"
rm -rf "$work"; mkdir -p "$work/compute"

declare -a pids=() urls=()
replica=0
start_replica() {
  replica=$((replica + 1))
  local dir="$work/replica-$replica" log="$work/replica-$replica.log"
  mkdir -p "$dir"
  env LAKEPLANE_STORE=postgres LAKEPLANE_POSTGRES="$postgres" LAKEPLANE_COMPUTE_DIR="$work/compute" \
    LAKEPLANE_MASTER_KEY_FILE="$work/master.key" LAKEPLANE_LEASE_MS="$lease_ms" LAKEPLANE_JOBS_LEASE_MS="$lease_ms" \
    LAKEPLANE_PROVISION_DELAY_MS=50 LAKEPLANE_NODE_HEARTBEAT_MS=200 \
    "$bin/lakeplaned" serve --listen 127.0.0.1:0 --data-dir "$dir" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 600); do grep -q '^lakeplaned listening on ' "$log" && break; sleep 0.1; done
  grep -q '^lakeplaned listening on ' "$log" || { echo "lakeplaned did not start:" >&2; cat "$log" >&2; exit 1; }
  pids+=("$pid")
  urls+=("$(sed -n 's/^lakeplaned listening on //p' "$log")")
}

stop_all() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for cmdline in /proc/[0-9]*/cmdline; do
    if [[ $( { tr '\0' ' ' < "$cmdline"; } 2>/dev/null) == *"--node-dir $work/compute/nodes/"* ]]; then
      kill -TERM "$(basename "$(dirname "$cmdline")")" 2>/dev/null || true
    fi
  done
  bash "$root/tests/scripts/postgres.sh" stop "$pg" >/dev/null 2>&1 || true
}
trap stop_all EXIT

# The database must exist before the replicas connect (the store migrates a schema, it does not create databases).
psql -h 127.0.0.1 -p "$(cat "$pg/port")" -U lakeplane -d postgres -q -c "CREATE DATABASE $database"

for _ in 1 2 3; do start_replica; done
# shellcheck disable=SC1091
source "$work/replica-1/env"
auth=(-H "Authorization: Bearer $LAKEPLANE_TOKEN")
json() { python3 -c "import sys, json; d = json.load(sys.stdin); print($1)"; }
alive() { kill -0 "$1" 2>/dev/null; }
# A live replica's URL other than the one with pid $1.
other_url() { local i; for i in "${!pids[@]}"; do [[ ${pids[$i]} != "$1" ]] && alive "${pids[$i]}" && { echo "${urls[$i]}"; return; }; done; }
# The pid, epoch and acquired_at of the clusters lease's holder, asked of the replica at $1.
lease() {
  curl -fsS "${auth[@]}" "$1/api/2.0/accounts/$LAKEPLANE_ACCOUNT_ID/replicas" |
    json "' '.join(str(x) for l in d['leases'] if l['role'] == 'clusters' for x in (l['holder'].split(':')[1], l['epoch'], l['acquired_at']))"
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

url="${urls[0]}"
account="$url/api/2.0/accounts/$LAKEPLANE_ACCOUNT_ID"
creds=$(curl -fsS "${auth[@]}" -X POST "$account/credentials" \
  -d '{"credentials_name":"bench","aws_credentials":{"sts_role":{"role_arn":"arn:aws:iam::123456789012:role/bench"}}}' | json 'd["credentials_id"]')
storage=$(curl -fsS "${auth[@]}" -X POST "$account/storage-configurations" \
  -d '{"storage_configuration_name":"bench","root_bucket_info":{"bucket_name":"bench-root"}}' | json 'd["storage_configuration_id"]')
workspace=$(curl -fsS "${auth[@]}" -X POST "$account/workspaces" \
  -d "{\"workspace_name\":\"bench\",\"aws_region\":\"us-east-1\",\"credentials_id\":\"$creds\",\"storage_configuration_id\":\"$storage\"}" | json 'd["workspace_id"]')
for _ in $(seq 200); do
  [[ $(curl -fsS "${auth[@]}" "$account/workspaces/$workspace" | json 'd["workspace_status"]') == RUNNING ]] && break; sleep 0.1
done
ws=(-H "X-Databricks-Org-Id: $workspace")

takeovers=() runnings=()
for run in $(seq "$runs"); do
  for _ in $(seq 300); do read -r holder epoch _ <<<"$(lease "$url")"; alive "$holder" && break; sleep 0.1; done
  via=$(other_url "$holder")
  cluster=$(curl -fsS "${auth[@]}" "${ws[@]}" -X POST "$via/api/2.1/clusters/create" \
    -d "{\"cluster_name\":\"failover-$run\",\"spark_version\":\"15.4.x-scala2.12\",\"node_type_id\":\"m5.large\",\"num_workers\":2}" | json 'd["cluster_id"]')
  sleep 0.3
  killed=$(now_ms)
  kill -KILL "$holder"
  wait "$holder" 2>/dev/null || true
  took=""
  while [[ -z $took ]]; do
    read -r new_holder new_epoch acquired <<<"$(lease "$via")"
    if [[ $new_epoch -gt $epoch ]] && alive "$new_holder"; then took=$((acquired - killed)); fi
    [[ $(( $(now_ms) - killed )) -lt 120000 ]] || { echo "no survivor took the clusters lease over" >&2; exit 1; }
    sleep 0.05
  done
  until [[ $(curl -fsS "${auth[@]}" "${ws[@]}" "$via/api/2.1/clusters/get?cluster_id=$cluster" | json 'd["state"]') == RUNNING ]]; do
    [[ $(( $(now_ms) - killed )) -lt 180000 ]] || { echo "cluster $cluster never RUNNING after the failover" >&2; exit 1; }
    sleep 0.05
  done
  running=$(( $(now_ms) - killed ))
  echo "run $run: takeover ${took} ms, cluster RUNNING ${running} ms after the kill" >&2
  takeovers+=("$took"); runnings+=("$running")
  url="$via"
  curl -fsS "${auth[@]}" "${ws[@]}" -X POST "$via/api/2.1/clusters/permanent-delete" -d "{\"cluster_id\":\"$cluster\"}" >/dev/null
  start_replica
done

stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "median %d ms, max %d ms", m, a[NR]}'; }
[[ -s $report ]] || echo "# make bench report" >"$report"
{
  echo
  echo "## Replica failover (3 replicas on PostgreSQL, lease ${lease_ms} ms, $runs SIGKILLs of the clusters lease holder)"
  echo
  echo "| measure | result |"
  echo "| --- | --- |"
  echo "| kill → the cluster loop working again on a survivor (its takeover of the lease) | $(stats "${takeovers[@]}") |"
  echo "| kill → a cluster PENDING at the kill (created 0.3 s before) RUNNING, driver + 2 workers | $(stats "${runnings[@]}") |"
} | tee -a "$report"
