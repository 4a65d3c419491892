#!/usr/bin/env bash
# make test: every stage timed. Lint and the suite on SQLite run beside the suite on PostgreSQL (two cores: each
# is mostly one Python process), then the browser journeys on PostgreSQL on their own (they wait on a browser
# and a server, and are the stage most upset by a busy machine), then the restore drill and the fault suite.
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
  SUMMARY+=("$(printf '%-66s %4ds' "$name" "$took")")
  echo "==== $name: done in ${took}s"
}
LOGS=var/test-logs
side_by_side() {  # side_by_side NAME_A "COMMAND A" NAME_B "COMMAND B": both at once; each one's output printed whole when both end
  mkdir -p "$LOGS"; rm -f "$LOGS"/*.status
  local names=("$1" "$3") commands=("$2" "$4") pids=() i failed=0
  local wall=$SECONDS
  echo; echo "==== side by side: ${names[0]} | ${names[1]} (output of each below when both end)"
  for i in 0 1; do
    ( start=$SECONDS; set +e; bash -c "${commands[$i]}" > "$LOGS/$i.log" 2>&1; rc=$?
      echo "$rc $((SECONDS - start))" > "$LOGS/$i.status" ) &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  for i in 0 1; do
    read -r rc took < "$LOGS/$i.status"
    echo; echo "==== ${names[$i]}"; cat "$LOGS/$i.log"
    echo "==== ${names[$i]}: $([ "$rc" = 0 ] && echo done || echo "FAILED (exit $rc)") in ${took}s"
    SUMMARY+=("$(printf '%-66s %4ds' "${names[$i]}" "$took")")
    [ "$rc" = 0 ] || failed=1
  done
  SUMMARY+=("$(printf '%-66s %4ds' "  (the two above, side by side: wall time)" "$((SECONDS - wall))")")
  return $failed
}
stage "setup: Debian packages (chromium, fonts, HarfBuzz)" bash scripts/ensure_chromium.sh
PG_URL=$(bash scripts/ensure_postgres.sh)
echo "PostgreSQL for tests: $PG_URL"
if [ "$ONLY" = "e2e" ]; then
  stage "browser journeys + axe (PostgreSQL)" env DATABASE_URL="$PG_URL" $PYTEST -m e2e -p no:randomly
else
  # The PostgreSQL suite keeps its files apart from the SQLite one's (uploads, checkpoints, static).
  PG_VAR=$(mktemp -d -t safecontact-test-var-XXXXXX)
  side_by_side \
    "lint, then tests on SQLite (unit, service, URL sweep, matching)" \
    "bash scripts/lint.sh && env -u DATABASE_URL $PYTEST -m 'not e2e'" \
    "tests on PostgreSQL (unit, service, URL sweep, matching)" \
    "env DATABASE_URL='$PG_URL' SAFECONTACT_VAR_DIR='$PG_VAR' $PYTEST -m 'not e2e'"
  stage "browser journeys + axe (PostgreSQL)" env DATABASE_URL="$PG_URL" $PYTEST -m e2e -p no:randomly
  stage "restore drill (PostgreSQL)" bash scripts/restore_drill.sh "$PG_URL"
  stage "fault suite, short form (own PostgreSQL cluster)" bash scripts/faults.sh --short
  rm -rf "$PG_VAR"
fi
echo; echo "==== stage times"; printf '%s\n' "${SUMMARY[@]}"
