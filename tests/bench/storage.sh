#!/usr/bin/env bash
# The storage benchmark (a report, not a test), called by tests/bench/run.sh; also runnable alone.
# One file of SIZE_MIB (default 256) MiB moved up and down, each way timed with curl:
#   1. through the Files API of a lakeplaned on the local driver (PUT/GET /api/2.0/fs/files/Volumes/...);
#   2. straight to an s3rver with curl's AWS SigV4 signing (an S3 client without the daemon: the floor);
#   3. through the Files API of a lakeplaned on the s3 driver against that same s3rver.
# The ratio of 3 to 2 is the daemon's overhead in front of S3. Then the same for SMALL_FILES (1,000) files of
# SMALL_KIB (64) KiB, CLIENTS (8) curls at a time, straight to s3rver and through the s3 driver. Also the daemons'
# peak RSS (VmHWM), on the s3 driver after a 16 MiB file and again after the big one (flat means streaming).
# Appends its section to .work/bench/report.md (creating it when run alone) and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.work/bench/storage"
report="$root/.work/bench/report.md"
size_mib=${BENCH_STORAGE_SIZE_MIB:-256}
small_files=${BENCH_STORAGE_SMALL_FILES:-1000}
small_kib=${BENCH_STORAGE_SMALL_KIB:-64}
clients=${BENCH_STORAGE_CLIENTS:-8}
rm -rf "$out"; mkdir -p "$out"
for tool in curl jq; do command -v $tool >/dev/null || { echo "storage bench needs $tool" >&2; exit 1; }; done
[[ -x $root/bin/lakeplaned ]] || { echo "run 'make build' first" >&2; exit 1; }

payload="$out/payload.bin"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$payload"
small="$out/small.bin"
head -c "$((small_kib * 1024))" /dev/urandom >"$small"
warm="$out/warm.bin"
head -c "$((16 * 1024 * 1024))" /dev/urandom >"$warm"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  bash "$root/tests/scripts/s3rver.sh" stop "$out/s3rver" >/dev/null 2>&1 || true
}
trap cleanup EXIT

s3=$(bash "$root/tests/scripts/s3rver.sh" start "$out/s3rver")
# curl signs SigV4 itself but leaves the payload hash header to the caller; S3 requires one.
s3_auth=(--aws-sigv4 "aws:amz:us-east-1:s3" --user "S3RVER:S3RVER" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD")

# start_daemon NAME [ENV=VALUE...]: a lakeplaned on a data dir of its own; sets host, token, account, pid.
start_daemon() {
  local name=$1; shift
  local dir="$out/$name"
  mkdir -p "$dir"
  env "$@" "$root/bin/lakeplaned" serve --listen 127.0.0.1:0 --data-dir "$dir" >"$dir/daemon.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 300); do grep -q '^lakeplaned listening on ' "$dir/daemon.log" && break; sleep 0.1; done
  grep -q '^lakeplaned listening on ' "$dir/daemon.log" || { echo "lakeplaned ($name) did not start:" >&2; cat "$dir/daemon.log" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$dir/env"
  host=$LAKEPLANE_HOST token=$LAKEPLANE_TOKEN account=$LAKEPLANE_ACCOUNT_ID
}

call() {
  local method=$1 path=$2 body=${3:-} answer
  answer=$(curl -sS -X "$method" -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
    ${workspace_header:+-H "$workspace_header"} ${body:+--data "$body"} -w '\n%{http_code}' "$host$path")
  [[ ${answer##*$'\n'} == 2* ]] || { echo "$method $path failed: $answer" >&2; exit 1; }
  printf '%s' "${answer%$'\n'*}"
}

# A workspace, metastore, catalog, schema and managed volume; prints the volume's Files API path.
seed_volume() {
  local root_bucket=$1 metastore_bucket=$2 credentials_id storage_id workspace_id metastore_id
  workspace_header=""
  credentials_id=$(call POST "/api/2.0/accounts/$account/credentials" \
    '{"credentials_name":"bench","aws_credentials":{"sts_role":{"role_arn":"arn:aws:iam::123456789012:role/bench"}}}' | jq -r .credentials_id)
  storage_id=$(call POST "/api/2.0/accounts/$account/storage-configurations" \
    "{\"storage_configuration_name\":\"bench\",\"root_bucket_info\":{\"bucket_name\":\"$root_bucket\"}}" | jq -r .storage_configuration_id)
  workspace_id=$(call POST "/api/2.0/accounts/$account/workspaces" \
    "{\"workspace_name\":\"bench\",\"aws_region\":\"us-east-1\",\"credentials_id\":\"$credentials_id\",\"storage_configuration_id\":\"$storage_id\"}" | jq -r .workspace_id)
  workspace_header="X-Databricks-Org-Id: $workspace_id"
  metastore_id=$(call POST /api/2.1/unity-catalog/metastores "{\"name\":\"bench\",\"region\":\"us-east-1\",\"storage_root\":\"s3://$metastore_bucket/metastore\"}" | jq -r .metastore_id)
  call PUT "/api/2.1/unity-catalog/workspaces/$workspace_id/metastore" "{\"metastore_id\":\"$metastore_id\"}" >/dev/null
  call POST /api/2.1/unity-catalog/catalogs '{"name":"bench"}' >/dev/null
  call POST /api/2.1/unity-catalog/schemas '{"name":"files","catalog_name":"bench"}' >/dev/null
  call POST /api/2.1/unity-catalog/volumes '{"name":"landing","catalog_name":"bench","schema_name":"files","volume_type":"MANAGED"}' >/dev/null
}

# MiB/s of one curl transfer, from curl's own timing.
mib_per_s() { awk -v bytes="$1" -v seconds="$2" 'BEGIN {printf "%.0f", bytes / 1048576 / seconds}'; }

# many_files_seconds DIRECTION URL_PREFIX CURL_ARGS...: seconds to move $small_files files of $small_kib KiB, $clients curls
# at a time (up: PUT $small as URL_PREFIX<i>.bin; down: GET each and check its size).
many_files_seconds() {
  local direction=$1 prefix=$2 start end
  shift 2
  start=$(date +%s%N)
  if [[ $direction == up ]]; then
    seq "$small_files" | xargs -P "$clients" -I{} curl -sS -f -X PUT "$@" -H "Content-Type: application/octet-stream" \
      --data-binary "@$small" -o /dev/null "$prefix{}.bin"
  else
    seq "$small_files" | xargs -P "$clients" -I{} curl -sS -f "$@" -o /dev/null -w '%{size_download}\n' "$prefix{}.bin" > "$out/sizes.txt"
    [[ $(grep -cx "$((small_kib * 1024))" "$out/sizes.txt") == "$small_files" ]] || { echo "downloads of $prefix*.bin were not all whole" >&2; exit 1; }
  fi
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN {printf "%.3f", ns / 1e9}'
}
files_per_s() { awk -v n="$small_files" -v s="$1" 'BEGIN {printf "%.0f", n / s}'; }

# files_api_run NAME: upload then download the payload through the current daemon's Files API; prints "up down".
files_api_run() {
  local url="$host/api/2.0/fs/files/Volumes/bench/files/landing/$1.bin" up down
  up=$(curl -sS -f -X PUT -H "Authorization: Bearer $token" -H "$workspace_header" -H "Content-Type: application/octet-stream" \
    --data-binary "@$payload" -w '%{time_total}' -o /dev/null "$url?overwrite=true")
  down=$(curl -sS -f -H "Authorization: Bearer $token" -H "$workspace_header" -w '%{time_total}' -o "$out/$1.down" "$url")
  cmp -s "$payload" "$out/$1.down" || { echo "$1: downloaded content differs" >&2; exit 1; }
  rm -f "$out/$1.down"
  echo "$(mib_per_s $((size_mib * 1048576)) "$up") $(mib_per_s $((size_mib * 1048576)) "$down")"
}

echo "storage: ${size_mib} MiB through the Files API on the local driver…" >&2
start_daemon local
local_pid=$pid
seed_volume bench-root bench-metastore
files_api_run warmup >/dev/null
read -r local_up local_down < <(files_api_run local)
local_rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$local_pid/status")

# direct_run: the floor, straight to s3rver; prints "big_up big_down small_up small_down" (MiB/s, files/s). Run before and
# after the s3 driver's run and averaged, so that load changing during the benchmark hits both sides alike.
direct_run() {
  local up_s down_s
  echo "storage: ${size_mib} MiB and $small_files files of $small_kib KiB straight to s3rver…" >&2
  up_s=$(curl -sS -f -X PUT "${s3_auth[@]}" -H "Content-Type: application/octet-stream" --data-binary "@$payload" -w '%{time_total}' -o /dev/null "$s3/bench-direct/payload.bin")
  down_s=$(curl -sS -f "${s3_auth[@]}" -w '%{time_total}' -o "$out/direct.down" "$s3/bench-direct/payload.bin")
  cmp -s "$payload" "$out/direct.down" || { echo "direct: downloaded content differs" >&2; exit 1; }
  rm -f "$out/direct.down"
  echo "$(mib_per_s $((size_mib * 1048576)) "$up_s") $(mib_per_s $((size_mib * 1048576)) "$down_s")" \
    "$(files_per_s "$(many_files_seconds up "$s3/bench-direct/small-" "${s3_auth[@]}")")" \
    "$(files_per_s "$(many_files_seconds down "$s3/bench-direct/small-" "${s3_auth[@]}")")"
}
curl -sS -f -X PUT "${s3_auth[@]}" "$s3/bench-direct" -o /dev/null
direct_1=$(direct_run)
read -r direct_up_1 direct_down_1 direct_small_up_1 direct_small_down_1 <<< "$direct_1"

echo "storage: ${size_mib} MiB through the Files API on the s3 driver (same s3rver)…" >&2
for bucket in bench-root bench-metastore; do curl -sS -f -X PUT "${s3_auth[@]}" "$s3/$bucket" -o /dev/null; done
start_daemon s3 LAKEPLANE_STORAGE_DRIVER=s3 LAKEPLANE_S3_ENDPOINT="$s3" LAKEPLANE_S3_ACCESS_KEY_ID=S3RVER LAKEPLANE_S3_SECRET_ACCESS_KEY=S3RVER
s3_pid=$pid
seed_volume bench-root bench-metastore
curl -sS -f -X PUT -H "Authorization: Bearer $token" -H "$workspace_header" --data-binary "@$warm" -o /dev/null \
  "$host/api/2.0/fs/files/Volumes/bench/files/landing/warm.bin?overwrite=true"
curl -sS -f -H "Authorization: Bearer $token" -H "$workspace_header" -o /dev/null "$host/api/2.0/fs/files/Volumes/bench/files/landing/warm.bin"
s3_rss_small=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$s3_pid/status")
files_api_run warmup >/dev/null
read -r s3_up s3_down < <(files_api_run s3)
s3_rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$s3_pid/status")
echo "storage: $small_files files of $small_kib KiB through the s3 driver, $clients at a time…" >&2
files_api=(-H "Authorization: Bearer $token" -H "$workspace_header")
s3_small_up=$(files_per_s "$(many_files_seconds up "$host/api/2.0/fs/files/Volumes/bench/files/landing/small-" "${files_api[@]}")")
s3_small_down=$(files_per_s "$(many_files_seconds down "$host/api/2.0/fs/files/Volumes/bench/files/landing/small-" "${files_api[@]}")")

direct_2=$(direct_run)
read -r direct_up_2 direct_down_2 direct_small_up_2 direct_small_down_2 <<< "$direct_2"
mean() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f", (a + b) / 2}'; }
direct_up=$(mean "$direct_up_1" "$direct_up_2"); direct_down=$(mean "$direct_down_1" "$direct_down_2")
direct_small_up=$(mean "$direct_small_up_1" "$direct_small_up_2"); direct_small_down=$(mean "$direct_small_down_1" "$direct_small_down_2")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
[[ -f $report ]] || echo "# Lakeplane benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)" >"$report"
{
  echo
  echo "## Storage: one ${size_mib} MiB file up and down (MiB/s, curl; s3rver on 127.0.0.1)"
  echo
  echo "| path | upload | download | daemon peak RSS |"
  echo "| --- | --- | --- | --- |"
  echo "| Files API, local driver | $local_up | $local_down | $local_rss MiB |"
  echo "| s3rver directly (SigV4 curl, no daemon), mean of before and after the s3 driver's run | $direct_up ($direct_up_1, $direct_up_2) | $direct_down ($direct_down_1, $direct_down_2) | - |"
  echo "| Files API, s3 driver → s3rver | $s3_up | $s3_down | $s3_rss MiB ($s3_rss_small MiB after a 16 MiB file) |"
  echo "| s3 driver / direct (goal ≥ 0.8× up, ≥ 0.9× down) | $(ratio "$s3_up" "$direct_up")× | $(ratio "$s3_down" "$direct_down")× | |"
  echo
  echo "## Storage: $small_files files of $small_kib KiB up and down (files/s, $clients curls at a time)"
  echo
  echo "| path | upload | download |"
  echo "| --- | --- | --- |"
  echo "| s3rver directly (SigV4 curl, no daemon), mean of before and after | $direct_small_up ($direct_small_up_1, $direct_small_up_2) | $direct_small_down ($direct_small_down_1, $direct_small_down_2) |"
  echo "| Files API, s3 driver → s3rver | $s3_small_up | $s3_small_down |"
  echo "| s3 driver / direct (goal ≥ 0.8× up, ≥ 0.9× down) | $(ratio "$s3_small_up" "$direct_small_up")× | $(ratio "$s3_small_down" "$direct_small_down")× |"
} >>"$report"
sed -n '/^## Storage/,$p' "$report"
