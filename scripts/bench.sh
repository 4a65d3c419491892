#!/usr/bin/env bash
# make bench: checks, matching and imports (bench_protect.py, steps 1-4), the register import on its own data
# (bench_import.py, step 5; bench_protect.py's own import step is skipped here so it is not measured twice), then
# checks at scale (bench_scale.py, steps 6-9: scale series, churn, multi-council, gunicorn worker class).
# BENCH_STEPS chooses steps (e.g. BENCH_STEPS=6,7); BENCH_QUICK=1 runs steps 6-9 in their small form.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL=${DATABASE_URL:-$(bash scripts/ensure_postgres.sh)}
STEPS=",${BENCH_STEPS:-1,2,3,4,5,6,7,8,9},"
STEPS=${STEPS// /,}
wants() { for s in "$@"; do [[ $STEPS == *",$s,"* ]] && return 0; done; return 1; }
if wants 1 2 3 4; then
  echo "==> bench/bench_protect.py"
  BENCH_SKIP_IMPORT=1 .venv/bin/python bench/bench_protect.py
fi
if wants 5 && [ "${BENCH_SKIP_IMPORT:-0}" != 1 ]; then
  echo "==> bench/bench_import.py"
  .venv/bin/python bench/bench_import.py
fi
if wants 6 7 8 9; then
  echo "==> bench/bench_scale.py"
  .venv/bin/python bench/bench_scale.py
fi
