#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL=${DATABASE_URL:-$(bash scripts/ensure_postgres.sh)}
for bench in bench/bench_*.py; do
  echo "==> $bench"
  .venv/bin/python "$bench"
done
