#!/usr/bin/env bash
# make test: every stage timed; the suite on SQLite, then on PostgreSQL with the browser journeys.
set -euo pipefail
cd "$(dirname "$0")/.."
ONLY=${1:-all}
export DJANGO_SETTINGS_MODULE=config.settings.test DJANGO_ALLOW_ASYNC_UNSAFE=true
PYTEST=".venv/bin/python -m pytest"
declare -a SUMMARY=()
stage() {  # stage NAME COMMAND...
  local name=$1; shift
  echo; echo "==== $name"
  local start=$SECONDS
  "$@"
  local took=$((SECONDS - start))
  SUMMARY+=("$(printf '%-44s %4ds' "$name" "$took")")
  echo "==== $name: done in ${took}s"
}
stage "setup: Debian packages (chromium, fonts, HarfBuzz)" bash scripts/ensure_chromium.sh
PG_URL=$(bash scripts/ensure_postgres.sh)
echo "PostgreSQL for tests: $PG_URL"
if [ "$ONLY" = "e2e" ]; then
  stage "browser journeys + axe (PostgreSQL)" env DATABASE_URL="$PG_URL" $PYTEST -m e2e -p no:randomly
else
  stage "lint (ruff, mypy, djLint, migrations)" bash scripts/lint.sh
  stage "tests on SQLite (unit, service, URL sweep, matching)" env -u DATABASE_URL $PYTEST -m "not e2e"
  stage "tests on PostgreSQL (all, with browser journeys)" env DATABASE_URL="$PG_URL" $PYTEST
  stage "restore drill (PostgreSQL)" bash scripts/restore_drill.sh "$PG_URL"
  stage "fault suite, short form (own PostgreSQL cluster)" bash scripts/faults.sh --short
fi
echo; echo "==== stage times"; printf '%s\n' "${SUMMARY[@]}"
