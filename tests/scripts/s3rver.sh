#!/usr/bin/env bash
# A throwaway S3-compatible server (the npm package s3rver, pinned in tests/scripts/s3rver/package-lock.json)
# for the storage tests and benchmark, kept entirely inside one directory:
#
#   s3rver.sh install      npm ci into tests/scripts/s3rver/node_modules when missing or stale (idempotent)
#   s3rver.sh start DIR    install, then start on 127.0.0.1 on a free port with its objects in DIR/data; print the
#                          endpoint URL (also kept in DIR/url). Prints the URL only when already running.
#   s3rver.sh url   DIR    print the endpoint URL of that server
#   s3rver.sh stop  DIR    stop it (nothing when not running)
#
# s3rver knows one access key id, S3RVER (secret S3RVER); it checks the key id but not SigV4 signatures.
# Its log (every request, and errors with stacks) is DIR/s3rver.log.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
package=$here/s3rver

usage() {
  echo "usage: $0 install | start|url|stop DIR" >&2
  exit 2
}

install() {
  if ! command -v npm >/dev/null; then
    [ "$(id -u)" -eq 0 ] || { echo "s3rver.sh: npm is needed (Debian packages nodejs npm)" >&2; exit 1; }
    echo "installing nodejs and npm for s3rver" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  # Test classes start servers in parallel: one install at a time, the others wait and then find it done.
  exec 9>"$package/.install.lock"
  flock 9
  # Reinstall only when the lock file changed since the last install.
  if [ ! -x "$package/node_modules/.bin/s3rver" ] || ! cmp -s "$package/package-lock.json" "$package/node_modules/.package-lock.installed"; then
    (cd "$package" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$package/package-lock.json" "$package/node_modules/.package-lock.installed"
  fi
  flock -u 9
}

is_running() { [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; }

start() {
  if is_running; then
    cat "$dir/url"
    return
  fi
  install
  mkdir -p "$dir/data"
  rm -f "$dir/url" "$dir/pid"
  # Port 0: the kernel picks a free port and s3rver reports it on its first line. The legacy OpenSSL provider:
  # s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps only there.
  nohup node --openssl-legacy-provider "$package/node_modules/s3rver/bin/s3rver.js" --directory "$dir/data" --address 127.0.0.1 --port 0 \
    >"$dir/s3rver.log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
  for _ in $(seq 1 300); do
    local line
    line=$(grep -m1 -o 'listening on 127\.0\.0\.1:[0-9]*' "$dir/s3rver.log" 2>/dev/null || true)
    if [ -n "$line" ]; then
      echo "http://${line#listening on }" >"$dir/url"
      cat "$dir/url"
      return
    fi
    if ! is_running; then
      echo "s3rver exited before listening:" >&2
      cat "$dir/s3rver.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "s3rver did not report a port within 30 s; see $dir/s3rver.log" >&2
  exit 1
}

stop() {
  if is_running; then
    kill "$(cat "$dir/pid")"
  fi
  rm -f "$dir/pid" "$dir/url"
}

[ $# -ge 1 ] || usage
command=$1
if [ "$command" = install ]; then
  install
  exit 0
fi
[ $# -eq 2 ] || usage
mkdir -p "$2"
dir=$(cd "$2" && pwd)
case $command in
  start) start ;;
  url) cat "$dir/url" ;;
  stop) stop ;;
  *) usage ;;
esac
