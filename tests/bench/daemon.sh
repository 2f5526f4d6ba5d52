# Sourced by the benchmark scripts: one way to start a lakeplaned of their own and to stop it with the node agents it
# started (nodes outlive their daemon by design, so a benchmark must stop the ones of its run itself).

# bench_daemon_start BIN DATA_DIR LOG [NAME=VALUE...]: a fresh daemon on a free port, with DATA_DIR emptied first and
# the given environment; returns once it listens, with its env file (LAKEPLANE_HOST, _TOKEN, _ACCOUNT_ID) sourced and
# its pid in bench_daemon_pid. Stops it on exit.
bench_daemon_start() {
  local bin=$1 log=$3
  bench_data_dir=$2
  shift 3
  rm -rf "$bench_data_dir"; mkdir -p "$bench_data_dir"
  env "$@" "$bin/lakeplaned" serve --listen 127.0.0.1:0 --data-dir "$bench_data_dir" >"$log" 2>&1 &
  bench_daemon_pid=$!
  trap bench_daemon_stop EXIT
  # The ready line comes last, once the port is bound and the env file names it.
  for _ in $(seq 300); do grep -q '^lakeplaned listening on ' "$log" && break; sleep 0.1; done
  grep -q '^lakeplaned listening on ' "$log" || { echo "lakeplaned did not start:" >&2; cat "$log" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$bench_data_dir/env"
}

# The node agents of this daemon: their --node-dir lies under its data directory.
bench_node_pids() {
  local cmdline
  for cmdline in /proc/[0-9]*/cmdline; do
    [[ $( { tr '\0' ' ' < "$cmdline"; } 2>/dev/null) == *"--node-dir $bench_data_dir/compute/nodes/"* ]] && basename "$(dirname "$cmdline")"
  done
  return 0
}

bench_daemon_stop() {
  kill -TERM "$bench_daemon_pid" 2>/dev/null || true
  wait "$bench_daemon_pid" 2>/dev/null || true
  for pid in $(bench_node_pids); do kill -TERM "$pid" 2>/dev/null || true; done
}
