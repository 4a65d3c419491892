#!/usr/bin/env bash
# make bench: checks, matching and imports (bench_protect.py), then the register import on its own data
# (bench_import.py; bench_protect.py's own import step is skipped here so it is not measured twice).
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL=${DATABASE_URL:-$(bash scripts/ensure_postgres.sh)}
echo "==> bench/bench_protect.py"
BENCH_SKIP_IMPORT=1 .venv/bin/python bench/bench_protect.py
echo "==> bench/bench_import.py"
.venv/bin/python bench/bench_import.py
