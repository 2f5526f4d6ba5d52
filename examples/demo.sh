#!/usr/bin/env bash
# `make demo`: start lakeplaned on the data dir .lakeplane/ (embedded defaults: SQLite, local
# compute, local storage; the same data dir and env file as `make run`), apply examples/quickstart
# with the real terraform CLI and the provider installed in Terraform's implied local mirror, show
# the outputs, leave the daemon running. A second run after `make demo-stop` starts the daemon on
# the same data and finds nothing to change. `make demo-stop` (or `bash examples/demo.sh stop`)
# stops it; `rm -rf .lakeplane` afterwards starts the next demo from nothing.
set -euo pipefail
# Everything the demo writes (the env file with the admin token, the daemon's log, terraform's
# state with the workspace token) is for this user only.
umask 077
root="$(cd "$(dirname "$0")/.." && pwd)"
data_dir="${LAKEPLANE_DEMO_DATA_DIR:-$root/.lakeplane}"
listen="${LAKEPLANE_DEMO_LISTEN:-127.0.0.1:7070}"
pid_file="$data_dir/lakeplaned.pid"
log_file="$data_dir/lakeplaned.log"
env_file="$data_dir/env"
# The path as the user would type it from the repository root.
shown_env_file="${env_file#"$root"/}"

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
mkdir -p "$data_dir"
chmod 700 "$data_dir"
# A log from an earlier version of this script may have been readable by others (and held the token).
rm -f "$log_file"
# setsid: the daemon outlives this script (and make) and keeps running for the user.
setsid "$root/bin/lakeplaned" serve --listen "$listen" --data-dir "$data_dir" \
  >"$log_file" 2>&1 < /dev/null &
echo $! > "$pid_file"

# Ready when it prints its listening line: by then the env file has this start's host in it.
for _ in $(seq 300); do
  grep -q '^lakeplaned listening on ' "$log_file" 2>/dev/null && break
  if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "lakeplaned exited; its log:" >&2; cat "$log_file" >&2; exit 1
  fi
  sleep 0.1
done
grep -q '^lakeplaned listening on ' "$log_file" || { echo "lakeplaned did not start in 30 s; its log: $log_file" >&2; exit 1; }
# shellcheck disable=SC1090
source "$env_file"
if [[ -z ${LAKEPLANE_TOKEN:-} ]]; then
  echo "$shown_env_file has no LAKEPLANE_TOKEN (it was deleted or edited); start from nothing with: make demo-stop && rm -rf $data_dir" >&2
  exit 1
fi
echo "lakeplaned is running at $LAKEPLANE_HOST (account $LAKEPLANE_ACCOUNT_ID), log: ${log_file#"$root"/}"
echo "Its admin token is in $shown_env_file (mode 0600, readable only by you); it is printed nowhere."

# Terraform's own working copy of the quickstart (state included), next to the daemon's data.
work="$data_dir/quickstart"
mkdir -p "$work"
cp "$root/examples/quickstart/"*.tf "$work/"
# The lock file `make install` wrote with this build's hash: init then has nothing to add and no warning.
if [[ -f $root/examples/quickstart/.terraform.lock.hcl ]]; then cp "$root/examples/quickstart/.terraform.lock.hcl" "$work/"; fi
cd "$work"
export TF_IN_AUTOMATION=1
# A CLI configuration named by the environment but absent only produces a warning; drop it.
if [[ -n ${TF_CLI_CONFIG_FILE:-} && ! -f $TF_CLI_CONFIG_FILE ]]; then unset TF_CLI_CONFIG_FILE; fi
terraform init -input=false -no-color >/dev/null
terraform apply -input=false -auto-approve -no-color
echo
echo "The daemon keeps running (pid $(cat "$pid_file")). Stop it with: make demo-stop"
echo "Use it yourself, from the repository root: source $shown_env_file && terraform -chdir=${work#"$root"/} plan"
