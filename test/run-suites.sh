#!/usr/bin/env bash
# Runs the suites under test/ (cross-package checks, browser end-to-end tests) and prints one
# line per suite: `SUITE <name> <passed> <failed>`, which scripts/test.sh adds to its totals.
# Usage: test/run-suites.sh <results-dir>
set -uo pipefail
cd "$(dirname "$0")/.."
results_dir="${1:-$(mktemp -d)}"

# Runs `node --test` on some files and reports its pass/fail counts.
node_suite() {
  local name="$1"
  shift
  local log="$results_dir/$name.tap"
  node --test --test-reporter=tap --test-reporter-destination=stdout "$@" | tee "$log" >&2
  local passed failed
  passed=$(grep -E '^# pass ' "$log" | tail -1 | awk '{print $3}')
  failed=$(grep -E '^# fail ' "$log" | tail -1 | awk '{print $3}')
  if [ -z "$passed" ]; then
    echo "SUITE $name 0 1"
  else
    echo "SUITE $name $passed ${failed:-0}"
  fi
}

node_suite checks test/checks/*.test.ts
# Templates run through the real action handlers against the change API on aks-sim.
node_suite e2e-scaffolder --require @backstage/cli/config/nodeTransform.cjs --test-concurrency=1 test/e2e-scaffolder/*.test.ts

if [ "${SKIP_E2E:-}" = "1" ]; then
  echo "test/e2e skipped (SKIP_E2E=1)" >&2
else
  # Browser tests drive Debian's Chromium; install it on a fresh machine (we run as root there).
  if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "installing chromium from Debian's packages" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
  fi
  node_suite e2e --test-concurrency=1 --test-timeout=600000 test/e2e/*.test.ts
fi
