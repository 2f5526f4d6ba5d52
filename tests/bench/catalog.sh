#!/usr/bin/env bash
# The catalog benchmark (a report, not a test), called by tests/bench/run.sh; also runnable alone.
#   1. seeds a catalog of 100,000 tables (10 schemas × 10,000) in a fresh SQLite lakeplaned;
#   2. table reads with grant checks per second: GET /api/2.1/unity-catalog/tables/{full_name} of random
#      tables by a user who owns nothing and holds USE_CATALOG, USE_SCHEMA and SELECT only by inheritance
#      from the catalog, over REST from CLIENTS concurrent connections;
#   3. listing one schema of 10,000 tables page by page as that user (time per page and in total).
# Seeding: the metastore, catalog, schemas, user, token and grants go through the REST API; one table per
# schema too (its stored row is the template). The other 99,990 rows are copied from those templates
# straight into the store in one SQLite transaction while the daemon is stopped: 100,000 API calls would
# measure the write path (not what this benchmark is about) and take minutes on a 2-core machine.
# Appends its section to .work/bench/report.md (creating it when run alone) and prints it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.work/bench/catalog"
report="$root/.work/bench/report.md"
schemas=${BENCH_CATALOG_SCHEMAS:-10}
per_schema=${BENCH_CATALOG_TABLES_PER_SCHEMA:-10000}
reads=${BENCH_CATALOG_READS:-20000}
clients=${BENCH_CATALOG_CLIENTS:-8}
page_sizes=${BENCH_CATALOG_PAGE_SIZES:-100 1000}
rm -rf "$out"; mkdir -p "$out"
for tool in curl jq sqlite3; do command -v $tool >/dev/null || { echo "catalog bench needs $tool" >&2; exit 1; }; done
[[ -x $root/bin/lakeplaned ]] || { echo "run 'make build' first" >&2; exit 1; }

data_dir="$out/daemon"
daemon_pid=""
start_daemon() {
  "$root/bin/lakeplaned" serve --listen 127.0.0.1:0 --data-dir "$data_dir" >"$out/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 300); do grep -q '^lakeplaned listening on ' "$out/daemon.log" && break; sleep 0.1; done
  grep -q '^lakeplaned listening on ' "$out/daemon.log" || { echo "lakeplaned did not start:" >&2; cat "$out/daemon.log" >&2; exit 1; }
  host=$(sed -n 's/^lakeplaned listening on //p' "$out/daemon.log")
}
stop_daemon() { kill -TERM "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; }
trap 'stop_daemon' EXIT
mkdir -p "$data_dir"
start_daemon
# shellcheck disable=SC1091
source "$data_dir/env"
admin=(-H "Authorization: Bearer $LAKEPLANE_TOKEN" -H "Content-Type: application/json")

# POST/PATCH/PUT with the admin token; fails loudly with the daemon's answer.
call() {
  local method=$1 path=$2 body=${3:-} answer
  answer=$(curl -sS -X "$method" "${admin[@]}" ${workspace_header:+-H "$workspace_header"} ${body:+--data "$body"} \
    -w '\n%{http_code}' "$host$path")
  [[ ${answer##*$'\n'} == 2* ]] || { echo "$method $path failed: $answer" >&2; exit 1; }
  printf '%s' "${answer%$'\n'*}"
}

echo "seeding: workspace, metastore, catalog, $schemas schemas, user and grants through the API…" >&2
credentials_id=$(call POST "/api/2.0/accounts/$LAKEPLANE_ACCOUNT_ID/credentials" \
  '{"credentials_name":"bench","aws_credentials":{"sts_role":{"role_arn":"arn:aws:iam::123456789012:role/bench"}}}' | jq -r .credentials_id)
storage_id=$(call POST "/api/2.0/accounts/$LAKEPLANE_ACCOUNT_ID/storage-configurations" \
  '{"storage_configuration_name":"bench","root_bucket_info":{"bucket_name":"bench-root"}}' | jq -r .storage_configuration_id)
workspace_id=$(call POST "/api/2.0/accounts/$LAKEPLANE_ACCOUNT_ID/workspaces" \
  "{\"workspace_name\":\"bench\",\"aws_region\":\"us-east-1\",\"credentials_id\":\"$credentials_id\",\"storage_configuration_id\":\"$storage_id\"}" | jq -r .workspace_id)
workspace_header="X-Databricks-Org-Id: $workspace_id"
metastore_id=$(call POST /api/2.1/unity-catalog/metastores '{"name":"bench","region":"us-east-1","storage_root":"s3://bench-root/metastore"}' | jq -r .metastore_id)
call PUT "/api/2.1/unity-catalog/workspaces/$workspace_id/metastore" "{\"metastore_id\":\"$metastore_id\"}" >/dev/null
call POST /api/2.1/unity-catalog/catalogs '{"name":"bench"}' >/dev/null
columns='[{"name":"id","type_text":"bigint","type_name":"LONG","position":0},{"name":"amount","type_text":"decimal(10,2)","type_name":"DECIMAL","type_precision":10,"type_scale":2,"position":1},{"name":"note","type_text":"string","type_name":"STRING","position":2,"nullable":true}]'
for s in $(seq 0 $((schemas - 1))); do
  call POST /api/2.1/unity-catalog/schemas "{\"name\":\"s$s\",\"catalog_name\":\"bench\"}" >/dev/null
  call POST /api/2.1/unity-catalog/tables \
    "{\"name\":\"t00000\",\"catalog_name\":\"bench\",\"schema_name\":\"s$s\",\"table_type\":\"MANAGED\",\"data_source_format\":\"DELTA\",\"columns\":$columns}" >/dev/null
done
call POST /api/2.0/preview/scim/v2/Users '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"reader@example.com"}' >/dev/null
call PATCH /api/2.1/unity-catalog/permissions/catalog/bench \
  '{"changes":[{"principal":"reader@example.com","add":["USE_CATALOG","USE_SCHEMA","SELECT"]}]}' >/dev/null
reader_token=$(call POST /api/2.0/token-management/on-behalf-of/tokens '{"user_name":"reader@example.com","comment":"bench"}' | jq -r .token_value)
[[ $reader_token == lpt_* ]] || { echo "no token for the reader: $reader_token" >&2; exit 1; }

echo "seeding: $((schemas * per_schema - schemas)) more tables straight into the store…" >&2
stop_daemon
seed_start=$(date +%s%N)
# Each schema's API-made table is the template: same account, scope and body, new id, name and location.
sqlite3 "$data_dir/lakeplane.db" <<SQL
PRAGMA busy_timeout = 10000;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $per_schema - 1),
templates AS (SELECT * FROM objects WHERE kind = 'uc_table' AND name = 't00000')
INSERT INTO objects (kind, id, account_id, scope, name, version, body, created_at, updated_at)
SELECT t.kind, lower(hex(randomblob(16))), t.account_id, t.scope, printf('t%05d', n.i), 1,
       replace(replace(t.body, '"t00000"', printf('"t%05d"', n.i)), json_extract(t.body, '$.table_id'), lower(hex(randomblob(16)))),
       t.created_at, t.updated_at
FROM templates t CROSS JOIN n;
COMMIT;
SQL
seed_ms=$(( ($(date +%s%N) - seed_start) / 1000000 ))
start_daemon
tables=$(sqlite3 "$data_dir/lakeplane.db" "SELECT count(*) FROM objects WHERE kind = 'uc_table'")
reader=(-H "Authorization: Bearer $reader_token" -H "$workspace_header")
code=$(curl -s -o "$out/one.json" -w '%{http_code}' "${reader[@]}" "$host/api/2.1/unity-catalog/tables/bench.s3.t04321")
[[ $code == 200 && $(jq -r .full_name "$out/one.json") == bench.s3.t04321 ]] || { echo "reader cannot read a seeded table ($code): $(cat "$out/one.json")" >&2; exit 1; }
denied=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $reader_token" -H "$workspace_header" -X DELETE "$host/api/2.1/unity-catalog/tables/bench.s3.t04321")
[[ $denied == 403 ]] || { echo "the reader was not refused a delete ($denied): the grant checks are not what this measures" >&2; exit 1; }

# --- 2. reads with grant checks ---------------------------------------------------------
echo "reading $reads random tables as the reader with $clients concurrent clients…" >&2
urls="$out/urls.cfg"
awk -v n="$reads" -v s="$schemas" -v p="$per_schema" -v host="$host" 'BEGIN {
  srand(42);
  for (i = 0; i < n; i++) printf "url = \"%s/api/2.1/unity-catalog/tables/bench.s%d.t%05d\"\noutput = \"/dev/null\"\n", host, int(rand() * s), int(rand() * p);
}' > "$urls"
# Warm-up: the JIT and the page cache, not part of the measurement.
head -n 400 "$urls" | curl -sS -Z --parallel-max "$clients" "${reader[@]}" -K - -w '%{http_code}\n' > /dev/null
read_start=$(date +%s%N)
curl -sS -Z --parallel-max "$clients" "${reader[@]}" -K "$urls" -w '%{http_code} %{time_total}\n' > "$out/reads.txt"
read_ns=$(( $(date +%s%N) - read_start ))
ok=$(grep -c '^200 ' "$out/reads.txt" || true)
[[ $ok == "$reads" ]] || { echo "only $ok of $reads reads answered 200:" >&2; sort "$out/reads.txt" | cut -d' ' -f1 | uniq -c >&2; exit 1; }
reads_per_s=$(awk -v n="$reads" -v ns="$read_ns" 'BEGIN {printf "%.0f", n / (ns / 1e9)}')
read_p50=$(cut -d' ' -f2 "$out/reads.txt" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int(NR*0.5)] * 1000}')
read_p99=$(cut -d' ' -f2 "$out/reads.txt" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int(NR*0.99)] * 1000}')

# --- 3. listing a schema of 10,000 tables -------------------------------------------------
list_rows=""
for size in $page_sizes; do
  echo "listing bench.s7 ($per_schema tables) $size per page…" >&2
  token=""; pages=0; listed=0; : > "$out/pages-$size.txt"
  list_start=$(date +%s%N)
  while :; do
    curl -sS "${reader[@]}" -o "$out/page.json" -w '%{time_total}\n' \
      "$host/api/2.1/unity-catalog/tables?catalog_name=bench&schema_name=s7&max_results=$size&page_token=$token" >> "$out/pages-$size.txt"
    listed=$(( listed + $(jq '.tables | length' "$out/page.json") ))
    pages=$(( pages + 1 ))
    token=$(jq -r '.next_page_token // ""' "$out/page.json")
    [[ -n $token ]] || break
  done
  list_ms=$(( ($(date +%s%N) - list_start) / 1000000 ))
  [[ $listed == "$per_schema" ]] || { echo "listed $listed tables, expected $per_schema" >&2; exit 1; }
  page_ms=$(sort -n "$out/pages-$size.txt" | awk '{a[NR]=$1; s+=$1} END {i = int(NR * 0.99); if (i < 1) i = NR; printf "%.1f | %.1f", s / NR * 1000, a[i] * 1000}')
  list_rows+="| $size | $pages | $page_ms | $list_ms ms |"$'\n'
done
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$daemon_pid/status" 2>/dev/null || echo 0)

[[ -f $report ]] || echo "# Lakeplane benchmark ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)" > "$report"
{
  echo
  echo "## Catalog: $tables tables (SQLite store)"
  echo
  echo "Seeded: $schemas schemas × $per_schema tables; $((tables - schemas)) rows copied into the store in ${seed_ms} ms (see tests/bench/catalog.sh)."
  echo
  echo "Table reads with grant checks (GET /api/2.1/unity-catalog/tables/{full_name}, a non-owner holding USE_CATALOG, USE_SCHEMA and SELECT by inheritance from the catalog; $reads random tables, $clients concurrent REST clients):"
  echo
  echo "| reads/s | p50 | p99 |"
  echo "| --- | --- | --- |"
  echo "| $reads_per_s | $read_p50 ms | $read_p99 ms |"
  echo
  echo "Listing a schema of $per_schema tables page by page as that principal (GET /api/2.1/unity-catalog/tables, next_page_token):"
  echo
  echo "| max_results | pages | mean per page (ms) | p99 per page (ms) | total |"
  echo "| --- | --- | --- | --- | --- |"
  printf "%s" "$list_rows"
  echo
  echo "Daemon peak RSS: $((rss_kb / 1024)) MiB"
} >> "$report"
sed -n '/^## Catalog/,$p' "$report"
