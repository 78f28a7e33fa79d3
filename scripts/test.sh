#!/usr/bin/env bash
# Runs every check: type-checking, lint, each package's Jest tests, and the suites under test/.
# Ends with one line `N passed, N failed` (totals over all suites). Exit code 0 only when
# nothing failed. Run through `npm test`, which provides Node 24 and installs dependencies.
set -uo pipefail
cd "$(dirname "$0")/.."

results_dir="$(mktemp -d -t aks-traffic-test-XXXXXX)"
trap 'rm -rf "$results_dir"' EXIT
passed=0
failed=0

# A check that is one unit: passes or fails as a whole (tsc, lint).
check() {
  local name="$1"
  shift
  echo "::: $name: $*"
  if "$@"; then
    passed=$((passed + 1))
    echo "::: $name passed"
  else
    failed=$((failed + 1))
    echo "::: $name FAILED"
  fi
}

# A Jest run whose test counts are added to the totals (from its --json report).
jest_suite() {
  local name="$1"
  shift
  local report="$results_dir/$name.json"
  echo "::: $name: $*"
  "$@" --json --outputFile="$report"
  local status=$?
  if [ -s "$report" ]; then
    read -r p f < <(node -e '
      const r = require(process.argv[1]);
      // A suite that failed to run (syntax error, import failure) counts as one failure.
      const broken = r.testResults.filter(s => s.status === "failed" && s.assertionResults.length === 0).length;
      console.log(r.numPassedTests, r.numFailedTests + broken);
    ' "$report")
    passed=$((passed + p))
    failed=$((failed + f))
    echo "::: $name: $p passed, $f failed"
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
      failed=$((failed + 1))
      echo "::: $name exited with $status"
    fi
  else
    failed=$((failed + 1))
    echo "::: $name produced no report (exit $status)"
  fi
}

check typecheck tsc
check lint backstage-cli repo lint
jest_suite unit backstage-cli repo test --ci --watchAll=false
if [ -x test/run-suites.sh ]; then
  # Each suite under test/ reports its own counts through the same protocol.
  while read -r name p f; do
    passed=$((passed + p))
    failed=$((failed + f))
    echo "::: test/$name: $p passed, $f failed"
  done < <(test/run-suites.sh "$results_dir" | grep '^SUITE ' | cut -d' ' -f2-)
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
