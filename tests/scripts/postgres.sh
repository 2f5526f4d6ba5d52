#!/usr/bin/env bash
# A throwaway PostgreSQL for tests, kept entirely inside one directory:
#
#   postgres.sh start  DIR   initdb DIR/data when missing, start on 127.0.0.1 (port kept in DIR/port,
#                            unix socket in DIR/socket), wait until ready, create database lakeplane_test.
#                            Does nothing but the database check when already running.
#   postgres.sh url    DIR   print the Npgsql connection string of that server
#   postgres.sh status DIR   exit 0 when the server is running, 3 when not
#   postgres.sh stop   DIR   pg_ctl stop -m fast (nothing when not running)
#
# PostgreSQL refuses to run as root. When we are root the server runs as a system user
# (lakeplane-pg) that owns DIR; the database superuser is always "lakeplane" with trust
# authentication, which is acceptable only because the server listens on 127.0.0.1 and holds
# test data.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/local/bin}
OS_USER=lakeplane-pg
DB_USER=lakeplane
DB_NAME=lakeplane_test

usage() {
  echo "usage: $0 start|stop|url|status DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
command=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
data=$dir/data
socket_dir=$dir/socket
port_file=$dir/port
log_file=$dir/postgres.log

running_as_root() { [ "$(id -u)" -eq 0 ]; }

# Runs a PostgreSQL server binary as the user allowed to own the cluster.
as_owner() {
  if running_as_root; then
    runuser -u "$OS_USER" -- "$@"
  else
    "$@"
  fi
}

ensure_owner_account() {
  running_as_root || return 0
  if ! id -u "$OS_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
  fi
  chown -R "$OS_USER": "$dir"
  if ! runuser -u "$OS_USER" -- test -w "$dir"; then
    echo "$OS_USER cannot write $dir: every directory above it must be searchable by others (chmod o+x)" >&2
    exit 1
  fi
}

is_running() {
  [ -f "$data/PG_VERSION" ] && as_owner "$PG_BIN/pg_ctl" status -D "$data" >/dev/null 2>&1
}

port_in_use() {
  # A successful connect means someone listens there already.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_free_port() {
  local candidate
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 40000))
    if ! port_in_use "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

psql_client() {
  if command -v psql >/dev/null 2>&1; then command -v psql; else echo "$PG_BIN/psql"; fi
}

ensure_database() {
  local port psql
  port=$(cat "$port_file")
  psql=$(psql_client)
  if [ "$("$psql" -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
    "$psql" -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres -q -c "CREATE DATABASE $DB_NAME"
  fi
}

initialise_cluster() {
  [ -f "$data/PG_VERSION" ] && return 0
  rm -rf "$data"
  mkdir -p "$data"
  ensure_owner_account
  # --no-sync: a test cluster need not survive a power cut, and initdb is several seconds faster.
  as_owner "$PG_BIN/initdb" -D "$data" -U "$DB_USER" --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
}

start_server() {
  local port attempt
  mkdir -p "$socket_dir"
  ensure_owner_account
  for attempt in 1 2 3 4 5; do
    if [ -s "$port_file" ] && ! port_in_use "$(cat "$port_file")"; then
      port=$(cat "$port_file")
    else
      port=$(pick_free_port)
      echo "$port" >"$port_file"
    fi
    # fsync and synchronous_commit off: tests never outlive a crash of this server, and they are
    # far faster without waiting for the disk. Enough connections for test projects in parallel.
    # 9>&-: the server must not inherit the start lock, or it would hold it for its whole life.
    if as_owner "$PG_BIN/pg_ctl" start -D "$data" -l "$log_file" -w -t 60 -s \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $socket_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        >/dev/null 9>&-; then
      return 0
    fi
    # Most likely somebody took the port between our check and the bind: pick another.
    echo "postgres did not start on port $port (attempt $attempt); see $log_file" >&2
    rm -f "$port_file"
  done
  tail -n 20 "$log_file" >&2 || true
  exit 1
}

case "$command" in
  start)
    # Several test processes may call start at once: one at a time decides and starts.
    exec 9>"$dir/.lock"
    flock 9
    if ! is_running; then
      initialise_cluster
      start_server
    fi
    ensure_database
    ;;
  url)
    [ -s "$port_file" ] || { echo "no server in $dir: run '$0 start $dir' first" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$(cat "$port_file");Username=$DB_USER;Database=$DB_NAME;Include Error Detail=true"
    ;;
  status)
    if is_running; then exit 0; else exit 3; fi
    ;;
  stop)
    exec 9>"$dir/.lock"
    flock 9
    if is_running; then
      as_owner "$PG_BIN/pg_ctl" stop -D "$data" -m fast -w -s
    fi
    ;;
  *)
    usage
    ;;
esac
