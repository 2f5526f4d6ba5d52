#!/usr/bin/env bash
# `make bench`: a report, not a test. Everything is measured in one run on this machine and
# compared as ratios, so the figures mean something on any machine:
#   1. provider start → handshake line, median of 20, Native AOT against JIT;
#   2. `terraform apply` creating N lakeplane_network resources against N of terraform's
#      built-in terraform_data (no provider at all: the floor), for N = 200 and 1000, the first on
#      a daemon that has just started and again at the end on the same daemon, warm; then where
#      the CPU of one apply goes (terraform itself, the provider, the daemon).
# Writes .work/bench/report.md and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.work/bench"
rm -rf "$out"; mkdir -p "$out"
report="$out/report.md"
counts="${BENCH_COUNTS:-200 1000}"
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

# --- 2. terraform apply: lakeplane_network vs terraform_data --------------------------
data_dir="$out/daemon"
mkdir -p "$data_dir"
"$root/bin/lakeplaned" serve --listen 127.0.0.1:0 --data-dir "$data_dir" >"$out/daemon.log" 2>&1 &
daemon_pid=$!
trap 'kill -TERM $daemon_pid 2>/dev/null || true' EXIT
# The ready line comes last, once the port is bound and the env file names it (on port 0 the
# file exists earlier, written before the port is known so a crash cannot lose the token).
for _ in $(seq 300); do grep -q '^lakeplaned listening on ' "$out/daemon.log" && break; sleep 0.1; done
grep -q '^lakeplaned listening on ' "$out/daemon.log" || { echo "lakeplaned did not start:" >&2; cat "$out/daemon.log" >&2; exit 1; }
# shellcheck disable=SC1091
source "$data_dir/env"
curl -fsS "$LAKEPLANE_HOST/healthz" >/dev/null

export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
if [[ -n ${TF_CLI_CONFIG_FILE:-} && ! -f $TF_CLI_CONFIG_FILE ]]; then unset TF_CLI_CONFIG_FILE; fi

write_config() {
  local dir=$1 kind=$2 n=$3
  mkdir -p "$dir"
  if [[ $kind == lakeplane ]]; then
    cat > "$dir/main.tf" <<TF
terraform {
  required_providers {
    lakeplane = { source = "lakeplane/lakeplane" }
  }
}
provider "lakeplane" {}
resource "lakeplane_network" "bench" {
  count              = $n
  network_name       = "bench-\${count.index}"
  vpc_id             = "vpc-0a1b2c3d4e5f60718"
  subnet_ids         = ["subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718"]
  security_group_ids = ["sg-0a1b2c3d4e5f60718"]
}
TF
  else
    cat > "$dir/main.tf" <<TF
resource "terraform_data" "bench" {
  count = $n
  input = "bench-\${count.index}"
}
TF
  fi
}

# Seconds (3 decimals) of one `terraform apply` in DIR.
apply_seconds() {
  local dir=$1 start end
  (cd "$dir" && terraform init -input=false -no-color >/dev/null)
  start=$(date +%s%N)
  (cd "$dir" && terraform apply -input=false -auto-approve -no-color >"$dir/apply.log" 2>&1) \
    || { echo "terraform apply in $dir failed; see $dir/apply.log" >&2; tail -20 "$dir/apply.log" >&2; exit 1; }
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN {printf "%.3f", ns / 1e9}'
}

# One row: N of each, applied and then destroyed again so that a later row starts from nothing.
measure_apply() {
  local n=$1 label=$2 data_s lake_s ratio
  echo "terraform apply of $n resources ($label)…" >&2
  write_config "$out/data-$n" data "$n"
  write_config "$out/lakeplane-$n" lakeplane "$n"
  data_s=$(apply_seconds "$out/data-$n")
  lake_s=$(apply_seconds "$out/lakeplane-$n")
  ratio=$(awk -v a="$lake_s" -v b="$data_s" 'BEGIN {printf "%.2f", a / b}')
  rows+="| $n ($label) | $data_s s | $lake_s s | ${ratio}× |"$'\n'
  (cd "$out/data-$n" && terraform destroy -input=false -auto-approve -no-color >/dev/null 2>&1) || true
  (cd "$out/lakeplane-$n" && terraform destroy -input=false -auto-approve -no-color >/dev/null 2>&1) || true
}

# The first row is the first apply a freshly started daemon serves, so it pays the daemon's JIT compilation of its
# request paths (~0.5 s of CPU); lakeplaned is a long-running service, so the smallest count is measured once more at
# the end, against the same daemon, warm.
rows=""
for n in $counts; do
  if [[ -z $rows ]]; then measure_apply "$n" "daemon just started"; else measure_apply "$n" "daemon warm"; fi
done
first_count=${counts%% *}
measure_apply "$first_count" "daemon warm"

# Where the CPU goes at the smallest count (the two cores are shared by terraform, the provider and the daemon, so the
# wall-clock ratio cannot be better than their CPU allows): terraform's own CPU, the provider's (its launches, counted
# through a dev_overrides wrapper that runs it under /usr/bin/time) and the daemon's, against terraform's own CPU for
# terraform_data. A separate pass, so that the wrapper does not touch the timings above.
cpu_split=""
if [[ -x /usr/bin/time ]]; then
  wrap="$out/cpu-wrapper"; mkdir -p "$wrap"
  printf '#!/bin/sh\nexec /usr/bin/time -a -o %q -f "%%U %%S" %q "$@"\n' "$wrap/provider.cpu" "$aot" > "$wrap/terraform-provider-lakeplane"
  chmod +x "$wrap/terraform-provider-lakeplane"
  printf 'provider_installation {\n  dev_overrides { "lakeplane/lakeplane" = "%s" }\n  direct {}\n}\n' "$wrap" > "$wrap/terraform.rc"
  n=$first_count
  daemon_cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$daemon_pid/stat"; }
  cpu_of() { # user+sys seconds of a command and its children (terraform waits for its provider launches)
    /usr/bin/time -f "%U %S" -o "$out/cpu.txt" "$@" >/dev/null 2>&1 || return 1
    awk '{printf "%.2f", $1 + $2}' "$out/cpu.txt"
  }
  (cd "$out/data-$n" && terraform init -input=false >/dev/null)
  data_cpu=$(cd "$out/data-$n" && cpu_of terraform apply -input=false -auto-approve -no-color)
  (cd "$out/data-$n" && terraform destroy -input=false -auto-approve >/dev/null 2>&1) || true
  rm -f "$wrap/provider.cpu"
  before=$(daemon_cpu)
  total_cpu=$(cd "$out/lakeplane-$n" && TF_CLI_CONFIG_FILE="$wrap/terraform.rc" cpu_of terraform apply -input=false -auto-approve -no-color)
  after=$(daemon_cpu)
  provider_cpu=$(awk '{s += $1 + $2} END {printf "%.2f", s}' "$wrap/provider.cpu")
  launches=$(wc -l < "$wrap/provider.cpu")
  (cd "$out/lakeplane-$n" && TF_CLI_CONFIG_FILE="$wrap/terraform.rc" terraform destroy -input=false -auto-approve >/dev/null 2>&1) || true
  own_cpu=$(awk -v t="$total_cpu" -v p="$provider_cpu" 'BEGIN {printf "%.2f", t - p}')
  lake_daemon=$(awk -v a="$after" -v b="$before" 'BEGIN {printf "%.2f", a - b}')
  cpu_split="| $n terraform_data | $data_cpu s | | | $data_cpu s |"$'\n'
  cpu_split+="| $n lakeplane_network (daemon warm) | $own_cpu s ($(awk -v a="$own_cpu" -v b="$data_cpu" 'BEGIN {printf "%.2f", a / b}')×) | $provider_cpu s ($launches launches) | $lake_daemon s | $(awk -v a="$own_cpu" -v b="$provider_cpu" -v c="$lake_daemon" 'BEGIN {printf "%.2f", a + b + c}') s |"$'\n'
fi

rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$daemon_pid/status" 2>/dev/null || echo "?")

{
  echo "# Lakeplane benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, terraform $(terraform version | head -1 | awk '{print $2}'))"
  echo
  echo "## Provider start → handshake line (median of $runs)"
  echo
  echo "| build | ms |"
  echo "| --- | --- |"
  echo "| Native AOT | $aot_ms |"
  echo "| JIT | $jit_ms |"
  echo "| AOT / JIT | $(awk -v a="$aot_ms" -v b="$jit_ms" 'BEGIN {printf "%.2f", a / b}') |"
  echo
  echo "## terraform apply: lakeplane_network vs terraform_data"
  echo
  echo "| resources | terraform_data | lakeplane_network | ratio |"
  echo "| --- | --- | --- | --- |"
  printf "%s" "$rows"
  if [[ -n $cpu_split ]]; then
    echo
    echo "CPU of one apply (user+sys; $(nproc) cores share it, so the wall-clock ratio cannot beat what terraform's own CPU allows):"
    echo
    echo "| apply | terraform itself | provider | daemon | all |"
    echo "| --- | --- | --- | --- | --- |"
    printf "%s" "$cpu_split"
  fi
  echo
  echo "Daemon peak RSS during the run: $((rss_kb / 1024)) MiB"
} > "$report"
cat "$report"
bash "$(dirname "$0")/clusters.sh"
bash "$root/tests/bench/catalog.sh"   # appends the catalog section (100,000 tables) to the report
bash "$root/tests/bench/storage.sh"   # appends the storage section (Files API vs s3rver directly)
bash "$root/tests/bench/jobs.sh"      # appends the job scheduler's fire jitter (1,000 scheduled jobs, 2,000 fires)
bash "$root/tests/bench/failover.sh"  # appends the replica failover times (3 replicas on PostgreSQL, SIGKILL of the loop's holder)
bash "$root/tests/bench/jobs-idle.sh" # appends the job scheduler's idle CPU (1,000 jobs scheduled, none due)
