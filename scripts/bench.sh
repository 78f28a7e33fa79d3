#!/usr/bin/env bash
# Runs the benchmarks under test/bench (each prints a table). `npm run bench` runs all of them;
# `npm run bench -- traffic-read` runs those whose file name contains the argument.
set -uo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
status=0
for script in test/bench/*.ts; do
  case "$script" in *"$filter"*) ;; *) continue ;; esac
  echo "=== $script"
  node --expose-gc --max-old-space-size=8192 --require @backstage/cli/config/nodeTransform.cjs "$script" || status=1
done
exit $status
