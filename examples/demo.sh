#!/usr/bin/env bash
# `make demo`: start lakeplaned on a fresh data dir (embedded defaults: SQLite, local compute,
# local storage), apply examples/quickstart with the real terraform CLI and the provider
# installed in Terraform's implied local mirror, show the outputs, leave the daemon running.
# `make demo-stop` (or `bash examples/demo.sh stop`) stops it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data_dir="${LAKEPLANE_DEMO_DATA_DIR:-$root/.work/demo}"
listen="${LAKEPLANE_DEMO_LISTEN:-127.0.0.1:7070}"
pid_file="$data_dir/lakeplaned.pid"

stop_daemon() {
  if [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    kill -TERM "$(cat "$pid_file")"
    for _ in $(seq 50); do kill -0 "$(cat "$pid_file")" 2>/dev/null || break; sleep 0.1; done
    echo "lakeplaned stopped"
  fi
  rm -f "$pid_file"
}

if [[ ${1:-} == stop ]]; then stop_daemon; exit 0; fi

stop_daemon
rm -rf "$data_dir"
mkdir -p "$data_dir"
# setsid: the daemon outlives this script (and make) and keeps running for the user.
setsid "$root/bin/lakeplaned" serve --listen "$listen" --data-dir "$data_dir" \
  >"$data_dir/lakeplaned.log" 2>&1 < /dev/null &
echo $! > "$pid_file"

for _ in $(seq 100); do
  [[ -f $data_dir/env ]] && curl -fsS "http://$listen/healthz" >/dev/null 2>&1 && break
  if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "lakeplaned exited; its log:" >&2; cat "$data_dir/lakeplaned.log" >&2; exit 1
  fi
  sleep 0.1
done
# shellcheck disable=SC1091
source "$data_dir/env"
echo "lakeplaned is running at $LAKEPLANE_HOST (account $LAKEPLANE_ACCOUNT_ID), log: $data_dir/lakeplaned.log"

work="$data_dir/quickstart"
mkdir -p "$work"
cp "$root/examples/quickstart/"*.tf "$work/"
cd "$work"
export TF_IN_AUTOMATION=1
# A CLI configuration named by the environment but absent only produces a warning; drop it.
if [[ -n ${TF_CLI_CONFIG_FILE:-} && ! -f $TF_CLI_CONFIG_FILE ]]; then unset TF_CLI_CONFIG_FILE; fi
terraform init -input=false -no-color >/dev/null
terraform apply -input=false -auto-approve -no-color
echo
echo "The daemon keeps running (pid $(cat "$pid_file")). Stop it with: make demo-stop"
echo "Use it yourself: source $data_dir/env && cd $work && terraform plan"
