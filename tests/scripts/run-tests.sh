#!/usr/bin/env bash
# Runs every test project (tests/*/*.csproj with IsTestProject, already built) a few at a time and prints each
# assembly's start and result as it goes: `dotnet test Provider.sln` printed nothing about an
# assembly until it ended and interleaved the console lines of the ones running side by side.
#
#   run-tests.sh CONFIG
#
# Each project writes its console output to .work/test-logs/<project>.log and its TRX into
# tests/<project>/TestResults/ (tests/scripts/summarize.sh sums them). The longest projects of the
# last run start first (durations kept in .work/test-logs/durations), so that the slowest one is
# not also the last to begin. LAKEPLANE_TEST_JOBS sets how many run at once (default: the number
# of cores, as `dotnet test` of the solution did). Exits non-zero when any project failed.
set -uo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 CONFIG" >&2; exit 2; }
config=$1
root="$(cd "$(dirname "$0")/../.." && pwd)"
logs="$root/.work/test-logs"
durations="$logs/durations"
jobs=${LAKEPLANE_TEST_JOBS:-$(nproc)}
mkdir -p "$logs"
cd "$root"

projects=()
# Test projects only (Lakeplane.TestSupport is a library they share).
for project in tests/*/*.csproj; do
  grep -q '<IsTestProject>true</IsTestProject>' "$project" && projects+=("$(basename "$(dirname "$project")")")
done
# Longest first by the last run; projects it did not see (new ones) go first too, then by name.
ordered=$(for name in "${projects[@]}"; do
  seconds=$(awk -v n="$name" '$1 == n { s = $2 } END { print (s == "" ? 999999 : s) }' "$durations" 2>/dev/null || echo 999999)
  echo "$seconds $name"
done | sort -k1,1nr -k2,2 | cut -d' ' -f2)

run_one() {
  local name=$1 start=$SECONDS status counters
  echo "[$(date +%H:%M:%S)] start   $name"
  rm -rf "tests/$name/TestResults"
  dotnet test "tests/$name" -c "$config" --no-build --logger trx --results-directory "tests/$name/TestResults" \
    --logger "console;verbosity=normal" -- RunConfiguration.TestSessionTimeout=4800000 >"$logs/$name.log" 2>&1
  status=$?
  counters=$(grep -ho '<Counters [^>]*>' "tests/$name"/TestResults/*.trx 2>/dev/null | head -1)
  value() { [[ $counters =~ $1=\"([0-9]+)\" ]] && echo "${BASH_REMATCH[1]}" || echo 0; }
  local total executed passed failed
  total=$(value total); executed=$(value executed); passed=$(value passed)
  failed=$(( $(value failed) + $(value error) + $(value timeout) + $(value aborted) ))
  echo "[$(date +%H:%M:%S)] $( ((status == 0)) && echo "passed " || echo "FAILED ") $name: $passed passed, $failed failed, $((total - executed)) skipped in $((SECONDS - start)) s (log: .work/test-logs/$name.log)"
  if ((status != 0)); then
    grep -ho 'testName="[^"]*"[^>]*outcome="Failed"' "tests/$name"/TestResults/*.trx 2>/dev/null \
      | sed 's/testName="\([^"]*\)".*/    failed: \1/' | head -20
  fi
  echo "$name $((SECONDS - start))" >>"$durations.new"
  return "$status"
}
export -f run_one
export config logs durations

rm -f "$durations.new"
status=0
xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} <<<"$ordered" || status=$?
# This run's durations order the next one.
if [[ -f $durations.new ]]; then mv "$durations.new" "$durations"; fi
exit "$status"
