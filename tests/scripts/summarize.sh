#!/usr/bin/env bash
# Sums the per-assembly "Passed!/Failed!" lines of `dotnet test` into one closing line
# ("N passed, N failed, N skipped") that CI and people can read at a glance.
set -euo pipefail
log="${1:?usage: summarize.sh TEST_LOG}"
passed=0; failed=0; skipped=0
while IFS= read -r line; do
  if [[ $line =~ Failed:[[:space:]]+([0-9]+),[[:space:]]+Passed:[[:space:]]+([0-9]+),[[:space:]]+Skipped:[[:space:]]+([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[1])); passed=$((passed + BASH_REMATCH[2])); skipped=$((skipped + BASH_REMATCH[3]))
  fi
done < "$log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
