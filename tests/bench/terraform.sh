#!/usr/bin/env bash
# The terraform benchmark (a report, not a test), called by tests/bench/run.sh; also runnable alone.
# N lakeplane_network against two floors that need no provider at all, in one run on one daemon:
#   - terraform_data carrying the same four attributes in an `input` object (the fair floor: the same
#     payload through terraform core alone, so the provider is not charged for the data itself);
#   - bare terraform_data, no attributes (what earlier reports compared against).
# For N in BENCH_COUNTS (200 1000), BENCH_ROUNDS rounds (3); in each round every operation runs for the
# three kinds one after the other (the kinds' order rotates per round), so load drifting over the run hits
# all three alike:
#   apply   - create N from nothing;
#   plan    - `terraform plan` of the N existing (terraform refreshes each: ReadResource per resource);
#   import  - the N removed from state (`terraform state rm`) and brought back by `terraform apply` of N
#             `import` blocks (ImportResourceState + ReadResource each; terraform_data has no remote object,
#             so its import also plans an update of `input`, which costs terraform core only);
#   destroy - `terraform destroy` (refresh, then delete each).
# Reported: the median and the spread (min–max) of each, and the ratio to each floor as the median of the
# rounds' own ratios with their spread. Then where the CPU of one apply and one plan goes (terraform
# itself, the provider's launches, the daemon) at the smallest N.
# Appends its section to .work/bench/report.md (creating it when run alone) and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.work/bench/terraform"
report="$root/.work/bench/report.md"
counts="${BENCH_COUNTS:-200 1000}"
rounds="${BENCH_ROUNDS:-3}"
kinds=(same bare lakeplane)
ops=(apply plan import destroy)
rm -rf "$out"; mkdir -p "$out"
for tool in terraform jq awk; do command -v $tool >/dev/null || { echo "terraform bench needs $tool" >&2; exit 1; }; done
aot="$root/.work/aot/terraform/terraform-provider-lakeplane"
[[ -x $aot && -x $root/bin/lakeplaned ]] || { echo "run 'make install' first (make bench does)" >&2; exit 1; }

# shellcheck source=tests/bench/daemon.sh
source "$root/tests/bench/daemon.sh"
bench_daemon_start "$root/bin" "$out/daemon" "$out/daemon.log"
curl -fsS "$LAKEPLANE_HOST/healthz" >/dev/null

export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
if [[ -n ${TF_CLI_CONFIG_FILE:-} && ! -f $TF_CLI_CONFIG_FILE ]]; then unset TF_CLI_CONFIG_FILE; fi

# The four attributes of every network, once, so that the floor and the provider carry the same values.
payload_name='"bench-${count.index}"'
payload_vpc='"vpc-0a1b2c3d4e5f60718"'
payload_subnets='["subnet-0a1b2c3d4e5f60718", "subnet-1a1b2c3d4e5f60718"]'
payload_groups='["sg-0a1b2c3d4e5f60718"]'

# write_config DIR KIND N
write_config() {
  local dir=$1 kind=$2 n=$3
  mkdir -p "$dir"
  case $kind in
    lakeplane) cat > "$dir/main.tf" <<TF
terraform {
  required_providers {
    lakeplane = { source = "lakeplane/lakeplane" }
  }
}
provider "lakeplane" {}
resource "lakeplane_network" "bench" {
  count              = $n
  network_name       = $payload_name
  vpc_id             = $payload_vpc
  subnet_ids         = $payload_subnets
  security_group_ids = $payload_groups
}
TF
      ;;
    same) cat > "$dir/main.tf" <<TF
resource "terraform_data" "bench" {
  count = $n
  input = {
    network_name       = $payload_name
    vpc_id             = $payload_vpc
    subnet_ids         = $payload_subnets
    security_group_ids = $payload_groups
  }
}
TF
      ;;
    bare) cat > "$dir/main.tf" <<TF
resource "terraform_data" "bench" {
  count = $n
}
TF
      ;;
  esac
}

address() { [[ $1 == lakeplane ]] && echo lakeplane_network.bench || echo terraform_data.bench; }
id_attribute() { [[ $1 == lakeplane ]] && echo network_id || echo id; }

# run_timed DIR LOG CMD...: seconds (3 decimals) of CMD in DIR; a failure stops the benchmark with its log.
run_timed() {
  local dir=$1 log=$2 start end
  shift 2
  start=$(date +%s%N)
  (cd "$dir" && "$@" >"$log" 2>&1) || { echo "'$*' in $dir failed; see $log" >&2; tail -20 "$log" >&2; exit 1; }
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN {printf "%.3f", ns / 1e9}'
}

expect_in_log() { grep -q "$2" "$1" || { echo "expected '$2' in $1" >&2; tail -20 "$1" >&2; exit 1; }; }

# run_op OP KIND N DIR: one operation, timed, with its outcome checked (a fast wrong answer is no result).
run_op() {
  local op=$1 kind=$2 n=$3 dir=$4 log="$4/$1.log" seconds
  case $op in
    apply)
      seconds=$(run_timed "$dir" "$log" terraform apply -input=false -auto-approve -no-color)
      expect_in_log "$log" "Resources: $n added, 0 changed, 0 destroyed." ;;
    plan)
      seconds=$(run_timed "$dir" "$log" terraform plan -input=false -no-color)
      expect_in_log "$log" "No changes." ;;
    import)
      # The ids come from the state; the import blocks bring every instance back.
      (cd "$dir" && terraform show -json) | jq -r --arg a "$(id_attribute "$kind")" \
        '.values.root_module.resources[] | "import {\n  to = \(.address)\n  id = \"\(.values[$a])\"\n}"' > "$dir/imports.tf"
      (cd "$dir" && terraform state rm -no-color "$(address "$kind")" >/dev/null)
      seconds=$(run_timed "$dir" "$log" terraform apply -input=false -auto-approve -no-color)
      rm -f "$dir/imports.tf"
      expect_in_log "$log" "Resources: $n imported, 0 added," ;;
    destroy)
      seconds=$(run_timed "$dir" "$log" terraform destroy -input=false -auto-approve -no-color)
      expect_in_log "$log" "Resources: $n destroyed." ;;
  esac
  echo "$n $op $kind $seconds" >> "$out/times.txt"
}

: > "$out/times.txt"
for n in $counts; do
  for kind in "${kinds[@]}"; do
    write_config "$out/$kind-$n" "$kind" "$n"
    (cd "$out/$kind-$n" && terraform init -input=false -no-color >/dev/null)
  done
  for round in $(seq "$rounds"); do
    # Rotate the kinds' order each round: none always runs first (or right after the daemon's busiest op).
    order=("${kinds[@]:round % 3}" "${kinds[@]:0:round % 3}")
    for op in "${ops[@]}"; do
      echo "terraform $op of $n, round $round/$rounds: ${order[*]}…" >&2
      for kind in "${order[@]}"; do run_op "$op" "$kind" "$n" "$out/$kind-$n"; done
    done
  done
done

# stats N OP KIND: "median min max" of the rounds' seconds.
stats() {
  awk -v n="$1" -v op="$2" -v k="$3" '$1 == n && $2 == op && $3 == k {print $4}' "$out/times.txt" | sort -n |
    awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.3f %.3f %.3f", m, a[1], a[NR]}'
}
# ratio_stats N OP OVER UNDER: "median min max" of the per-round ratios OVER / UNDER (rounds pair up in order).
ratio_stats() {
  paste <(awk -v n="$1" -v op="$2" -v k="$3" '$1 == n && $2 == op && $3 == k {print $4}' "$out/times.txt") \
        <(awk -v n="$1" -v op="$2" -v k="$4" '$1 == n && $2 == op && $3 == k {print $4}' "$out/times.txt") |
    awk '{print $1 / $2}' | sort -n |
    awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f %.2f %.2f", m, a[1], a[NR]}'
}
cell() { read -r m lo hi <<< "$1"; echo "$m s ($lo–$hi)"; }
ratio_cell() { read -r m lo hi <<< "$1"; echo "**${m}×** ($lo–$hi)"; }
plain_ratio_cell() { read -r m lo hi <<< "$1"; echo "${m}× ($lo–$hi)"; }

table=""
for n in $counts; do
  for op in "${ops[@]}"; do
    table+="| $op $n | $(ratio_cell "$(ratio_stats "$n" "$op" lakeplane same)") | $(plain_ratio_cell "$(ratio_stats "$n" "$op" lakeplane bare)") |"
    table+=" $(cell "$(stats "$n" "$op" lakeplane)") | $(cell "$(stats "$n" "$op" same)") | $(cell "$(stats "$n" "$op" bare)") |"$'\n'
  done
done

# --- where the CPU goes at the smallest count -------------------------------------------------------------
# terraform's own CPU, the provider's (its launches, counted through a dev_overrides wrapper that runs it under
# /usr/bin/time) and the daemon's, for one apply and one plan, against terraform's own CPU for the same-payload
# terraform_data. A separate pass, so that the wrapper does not touch the timings above.
cpu_split=""
if [[ -x /usr/bin/time ]]; then
  wrap="$out/cpu-wrapper"; mkdir -p "$wrap"
  printf '#!/bin/sh\nexec /usr/bin/time -a -o %q -f "%%U %%S" %q "$@"\n' "$wrap/provider.cpu" "$aot" > "$wrap/terraform-provider-lakeplane"
  chmod +x "$wrap/terraform-provider-lakeplane"
  printf 'provider_installation {\n  dev_overrides { "lakeplane/lakeplane" = "%s" }\n  direct {}\n}\n' "$wrap" > "$wrap/terraform.rc"
  n=${counts%% *}
  daemon_cpu() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$bench_daemon_pid/stat"; }
  cpu_of() { # user+sys seconds of a command and its children (terraform waits for its provider launches)
    /usr/bin/time -f "%U %S" -o "$out/cpu.txt" "$@" >/dev/null 2>&1 || return 1
    awk '{printf "%.2f", $1 + $2}' "$out/cpu.txt"
  }
  for op in apply plan; do
    args=(-input=false -no-color); [[ $op == apply ]] && args+=(-auto-approve)
    data_cpu=$(cd "$out/same-$n" && cpu_of terraform "$op" "${args[@]}")
    rm -f "$wrap/provider.cpu"
    before=$(daemon_cpu)
    total_cpu=$(cd "$out/lakeplane-$n" && TF_CLI_CONFIG_FILE="$wrap/terraform.rc" cpu_of terraform "$op" "${args[@]}")
    after=$(daemon_cpu)
    provider_cpu=$(awk '{s += $1 + $2} END {printf "%.2f", s}' "$wrap/provider.cpu")
    launches=$(wc -l < "$wrap/provider.cpu")
    own_cpu=$(awk -v t="$total_cpu" -v p="$provider_cpu" 'BEGIN {printf "%.2f", t - p}')
    lake_daemon=$(awk -v a="$after" -v b="$before" 'BEGIN {printf "%.2f", a - b}')
    cpu_split+="| $op $n | $data_cpu s | $own_cpu s ($(awk -v a="$own_cpu" -v b="$data_cpu" 'BEGIN {printf "%.2f", a / b}')×) | $provider_cpu s ($launches launches) | $lake_daemon s |"
    cpu_split+=" $(awk -v a="$own_cpu" -v b="$provider_cpu" -v c="$lake_daemon" 'BEGIN {printf "%.2f", a + b + c}') s |"$'\n'
  done
  (cd "$out/same-$n" && terraform destroy -input=false -auto-approve >/dev/null 2>&1) || true
  (cd "$out/lakeplane-$n" && TF_CLI_CONFIG_FILE="$wrap/terraform.rc" terraform destroy -input=false -auto-approve >/dev/null 2>&1) || true
fi

rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$bench_daemon_pid/status" 2>/dev/null || echo 0)
{
  echo
  echo "## terraform: lakeplane_network vs terraform_data ($rounds rounds, interleaved; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo
  echo "Ratios are the median of the rounds' own ratios (spread min–max); times are medians (min–max)."
  echo "Fair floor: terraform_data with the same four attributes in \`input\`; bare: terraform_data without attributes."
  echo
  echo "| operation, resources | ÷ same-payload terraform_data | ÷ bare terraform_data | lakeplane_network | terraform_data, same payload | terraform_data, bare |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf "%s" "$table"
  if [[ -n $cpu_split ]]; then
    echo
    echo "CPU of one run (user+sys; $(nproc) cores share it): terraform_data with the same payload, then lakeplane_network split"
    echo "into terraform itself, the provider and the daemon:"
    echo
    echo "| operation | terraform_data (same payload) | terraform itself | provider | daemon | all |"
    echo "| --- | --- | --- | --- | --- | --- |"
    printf "%s" "$cpu_split"
  fi
  echo
  echo "Daemon peak RSS during the terraform runs: $((rss_kb / 1024)) MiB"
} | tee -a "$report"
