#!/usr/bin/env bash
# Starts the dev portal: Backstage frontend on :3000, backend on :7007, and the simulated AKS
# clusters (aks-sim `demo` seed) inside the backend. Run through `npm start`, which provides
# Node 24 and installs dependencies first.
set -euo pipefail
cd "$(dirname "$0")/.."

configs=(--config "$PWD/app-config.yaml")
if [ -f app-config.local.yaml ]; then configs+=(--config "$PWD/app-config.local.yaml"); fi
if [ -n "${POSTGRES_HOST:-}" ]; then
  : "${POSTGRES_PORT:=5432}"
  export POSTGRES_PORT
  configs+=(--config "$PWD/app-config.postgres.yaml")
  echo "[aks-traffic] using PostgreSQL at ${POSTGRES_HOST}:${POSTGRES_PORT}"
else
  echo "[aks-traffic] using SQLite in memory (set POSTGRES_HOST/PORT/USER/PASSWORD for PostgreSQL)"
fi

echo "[aks-traffic] starting: open http://localhost:3000 (backend http://localhost:7007)"
exec backstage-cli repo start "${configs[@]}" "$@"
