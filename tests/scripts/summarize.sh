#!/usr/bin/env bash
# Sums the TRX result files of one `dotnet test` run (each test project writes its own into
# its TestResults/ folder) into one closing line ("tests: N passed, N failed, N skipped") that CI and people can read at a glance.
# TRX, not the console log: test projects run in parallel and their console lines interleave.
set -euo pipefail
[[ $# -gt 0 ]] || { echo "usage: summarize.sh RESULTS_DIR..." >&2; exit 2; }
passed=0; failed=0; skipped=0; assemblies=0
shopt -s nullglob
trx_files=()
for dir in "$@"; do trx_files+=("$dir"/*.trx); done
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  value() { [[ $counters =~ $1=\"([0-9]+)\" ]] && echo "${BASH_REMATCH[1]}" || echo 0; }
  total=$(value total); executed=$(value executed)
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + total - executed))
  assemblies=$((assemblies + 1))
done
echo "tests: $passed passed, $failed failed, $skipped skipped ($assemblies test assemblies)"
