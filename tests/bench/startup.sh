#!/usr/bin/env bash
# The daemon's start-up benchmark (a report, not a test), called by tests/bench/run.sh; also runnable alone.
#   1. start → first API answer (GET /api/2.0/accounts/{id}/networks with the bootstrap token, 200), median of RUNS:
#      cold = a fresh data directory (the first start: schema migrations, keys, bootstrap admin), warm = a restart on
#      that data directory. The OS page cache is warm in both (the executable was just run): "cold" is the daemon's
#      own first start, not a machine's first boot.
#   2. idle RSS: once it answers, the web UI's sign-in page and one API call, then IDLE_SECONDS of nothing, VmRSS.
# Appends its section to .work/bench/report.md (creating it when run alone) and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.work/bench/startup"
report="$root/.work/bench/report.md"
runs=${BENCH_STARTUP_RUNS:-5}
idle_seconds=${BENCH_IDLE_SECONDS:-15}
rm -rf "$out"; mkdir -p "$out"
[[ -x $root/bin/lakeplaned ]] || { echo "run 'make build' first" >&2; exit 1; }

pid=""
stop() { [[ -n $pid ]] && { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=""; }
trap stop EXIT

# start_ms DATA_DIR: sets started_ms to the milliseconds from exec to the first 200 of the API (polled every 5 ms) and
# leaves the daemon running with its pid in $pid. Not called in $(…): the pid must reach the caller's stop.
start_ms() {
  local dir=$1 start now status=""
  mkdir -p "$dir"
  start=$(date +%s%N)
  "$root/bin/lakeplaned" serve --listen 127.0.0.1:0 --data-dir "$dir" >"$dir/daemon.log" 2>&1 &
  pid=$!
  while true; do
    if grep -q '^lakeplaned listening on ' "$dir/daemon.log" 2>/dev/null; then
      # shellcheck disable=SC1091
      source "$dir/env"
      status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $LAKEPLANE_TOKEN" \
        "$LAKEPLANE_HOST/api/2.0/accounts/$LAKEPLANE_ACCOUNT_ID/networks" || true)
      [[ $status == 200 ]] && break
    fi
    kill -0 "$pid" 2>/dev/null || { echo "lakeplaned exited:" >&2; cat "$dir/daemon.log" >&2; exit 1; }
    sleep 0.005
  done
  now=$(date +%s%N)
  started_ms=$(( (now - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

cold=(); warm=()
for i in $(seq "$runs"); do
  echo "daemon start-up, run $i/$runs…" >&2
  rm -rf "$out/data"
  start_ms "$out/data"; cold+=("$started_ms"); stop
  start_ms "$out/data"; warm+=("$started_ms"); stop
done
cold_median=$(printf '%s\n' "${cold[@]}" | median)
warm_median=$(printf '%s\n' "${warm[@]}" | median)

echo "daemon idle RSS…" >&2
start_ms "$out/data"
curl -sS -o /dev/null "$LAKEPLANE_HOST/signin" || true
curl -sS -o /dev/null -H "Authorization: Bearer $LAKEPLANE_TOKEN" "$LAKEPLANE_HOST/api/2.0/accounts/$LAKEPLANE_ACCOUNT_ID/workspaces"
sleep "$idle_seconds"
idle_rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
stop

[[ -f $report ]] || echo "# Lakeplane benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)" >"$report"
{
  echo
  echo "## Daemon start-up and idle memory (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "| measure | value |"
  echo "| --- | --- |"
  echo "| start → first API answer, cold (fresh data directory), median of $runs | $cold_median ms (runs: ${cold[*]}) |"
  echo "| start → first API answer, warm (restart on that data directory), median of $runs | $warm_median ms (runs: ${warm[*]}) |"
  echo "| idle RSS with the web UI, $idle_seconds s after its first page and API call (goal ≤ 150 MiB) | $idle_rss MiB |"
} >>"$report"
sed -n '/^## Daemon start-up/,$p' "$report"
