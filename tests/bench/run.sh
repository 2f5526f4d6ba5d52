#!/usr/bin/env bash
# `make bench`: a report, not a test. Everything is measured in one run on this machine and
# compared as ratios, so the figures mean something on any machine:
#   1. provider start → handshake line, median of 20, Native AOT against JIT;
#   2. tests/bench/terraform.sh: lakeplane_network against terraform_data with the same payload
#      and bare, apply/plan/import/destroy at 200 and 1000, interleaved rounds, medians and spread;
#   3. the clusters, catalog, storage and jobs benchmarks, each appending its section.
# Writes .work/bench/report.md and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.work/bench"
rm -rf "$out"; mkdir -p "$out"
report="$out/report.md"
runs="${BENCH_HANDSHAKE_RUNS:-20}"

aot="$root/.work/aot/terraform/terraform-provider-lakeplane"
jit="$root/bin/terraform-provider-lakeplane"
[[ -x $aot && -x $jit ]] || { echo "run 'make install' first (make bench does)" >&2; exit 1; }

# --- 1. start → handshake -------------------------------------------------------------
# terraform hands the provider a self-signed ECDSA P-521 client certificate; so do we.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp521r1 -nodes -days 1 \
  -subj "/CN=localhost" -keyout "$out/client.key" -out "$out/client.pem" 2>/dev/null
export TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2
export PLUGIN_PROTOCOL_VERSIONS=5,6 PLUGIN_MIN_PORT=10000 PLUGIN_MAX_PORT=25000
PLUGIN_CLIENT_CERT="$(cat "$out/client.pem")"; export PLUGIN_CLIENT_CERT

# Milliseconds from exec to the handshake line on stdout, for one launch.
handshake_ms() {
  local binary=$1 start end line
  start=$(date +%s%N)
  coproc PLUGIN { exec "$binary" 2>/dev/null; }
  IFS= read -r line <&"${PLUGIN[0]}"
  end=$(date +%s%N)
  kill "$PLUGIN_PID" 2>/dev/null || true
  wait "$PLUGIN_PID" 2>/dev/null || true
  [[ $line == 1\|6\|tcp\|* ]] || { echo "unexpected handshake line: $line" >&2; exit 1; }
  echo $(( (end - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

measure_handshake() {
  local binary=$1
  handshake_ms "$binary" >/dev/null # warm the page cache
  for _ in $(seq "$runs"); do handshake_ms "$binary"; done | median
}

echo "measuring start → handshake ($runs launches each)…" >&2
aot_ms=$(measure_handshake "$aot")
jit_ms=$(measure_handshake "$jit")
unset TF_PLUGIN_MAGIC_COOKIE PLUGIN_PROTOCOL_VERSIONS PLUGIN_MIN_PORT PLUGIN_MAX_PORT PLUGIN_CLIENT_CERT

{
  echo "# Lakeplane benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, terraform $(terraform version | head -1 | awk '{print $2}'), load average $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "## Provider start → handshake line (median of $runs)"
  echo
  echo "| build | ms |"
  echo "| --- | --- |"
  echo "| Native AOT | $aot_ms |"
  echo "| JIT | $jit_ms |"
  echo "| AOT / JIT | $(awk -v a="$aot_ms" -v b="$jit_ms" 'BEGIN {printf "%.2f", a / b}') |"
} > "$report"
cat "$report"
bash "$root/tests/bench/terraform.sh" # appends lakeplane_network vs terraform_data (same payload and bare), apply/plan/import/destroy
bash "$root/tests/bench/startup.sh"   # appends the daemon's start → first API answer (cold, warm) and idle RSS
bash "$(dirname "$0")/clusters.sh"
bash "$root/tests/bench/catalog.sh"   # appends the catalog section (100,000 tables) to the report
bash "$root/tests/bench/storage.sh"   # appends the storage section (Files API vs s3rver directly)
bash "$root/tests/bench/jobs.sh"      # appends the job scheduler's fire jitter (1,000 scheduled jobs, 2,000 fires)
bash "$root/tests/bench/failover.sh"  # appends the replica failover times (3 replicas on PostgreSQL, SIGKILL of the loop's holder)
bash "$root/tests/bench/jobs-idle.sh" # appends the job scheduler's idle CPU (1,000 jobs scheduled, none due)
