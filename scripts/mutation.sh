#!/usr/bin/env bash
# make mutation: mutation testing (mutmut) of the critical modules, each against its own app's tests, on SQLite.
# Prints the score of each module and fails when one is below its threshold. Not part of `make test`.
# How to read the results: docs/testing.md, "Mutation testing".
#
#   scripts/mutation.sh                     every module below
#   scripts/mutation.sh register retention  only these
#
# Environment:
#   MUTATION_JOBS=2          mutants tested side by side (default: the number of cores)
#   MUTATION_TIME_LIMIT=900  seconds per module; a module cut short reports the mutants checked so far and fails
#   MUTATION_KEEP=1          keep the last results and re-test only functions whose code changed (mutmut's cache);
#                            by default every run starts afresh, so the score is that of the code and tests as they are
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# module | its tests | mutated files, each group scored on its own: label=file[,file]:minimum score (%)
MODULES=(
  "access|safecontact/access/tests|access=safecontact/access/checks.py,safecontact/access/policy.py:85"
  "register|safecontact/register/tests|register/services.py=safecontact/register/services.py:85"
  "matching|safecontact/matching/tests|matching/scoring.py=safecontact/matching/scoring.py:80"
  "retention|safecontact/retention/tests|retention/disposal.py=safecontact/retention/disposal.py:85 retention/policies.py=safecontact/retention/policies.py:85"
)

if [ ! -x .venv/bin/mutmut ]; then
  echo "mutmut is not installed: run \`make venv\` (it is pinned in requirements/dev.txt)." >&2; exit 2
fi
JOBS=${MUTATION_JOBS:-$(nproc)}
WANTED=("$@")
for w in "${WANTED[@]}"; do
  printf '%s\n' "${MODULES[@]}" | grep -q "^$w|" || { echo "No module \"$w\": choose from access register matching retention." >&2; exit 2; }
done
declare -a REPORT=()
failed=0

wanted() {
  [ ${#WANTED[@]} -eq 0 ] && return 0
  local w; for w in "${WANTED[@]}"; do [ "$w" = "$1" ] && return 0; done
  return 1
}

prepare() {  # prepare NAME TESTS FILES... : a working folder mutants/NAME that mutmut copies into mutants/NAME/mutants
  local name=$1 tests=$2; shift 2
  local stage="mutants/$name"
  [ "${MUTATION_KEEP:-0}" = 1 ] || rm -rf "$stage"
  mkdir -p "$stage"
  # manage.py too: pytest-django puts the folder holding the nearest manage.py on sys.path, and without a copy
  # that would be this folder's, so the tests would import the real code instead of the mutants.
  for p in config docs tests pyproject.toml manage.py; do ln -sfn "$ROOT/$p" "$stage/$p"; done
  # The package is copied (a snapshot, whatever else changes during the run), then the files to mutate are
  # rewritten so that mutmut does not skip decorated functions (see mutation_prepare.py).
  rm -rf "$stage/safecontact"
  cp -a safecontact "$stage/safecontact"
  find "$stage/safecontact" -name __pycache__ -prune -exec rm -rf {} +
  .venv/bin/python scripts/mutation_prepare.py "${@/#/$stage/}"
  # The project's conftest, plus the fixture that gives each pytest session its own copy of a migrated database.
  cat conftest.py scripts/mutation_db.py > "$stage/conftest.py"
  {
    echo "[mutmut]"
    echo "source_paths = safecontact"
    echo "only_mutate ="; printf '    %s\n' "$@"
    echo "pytest_add_cli_args_test_selection ="; echo "    $tests"
    echo "pytest_add_cli_args ="; echo "    --reuse-db"
    echo "also_copy ="; printf '    %s\n' config docs conftest.py manage.py
    echo "use_git_change_detection = false"
    echo "on_dependency_change = ignore"
  } > "$stage/setup.cfg"
  rm -f "$stage"/template.sqlite3*
  env -u DATABASE_URL DATABASE_URL="sqlite:///$ROOT/$stage/template.sqlite3" DJANGO_SETTINGS_MODULE=config.settings.test \
    .venv/bin/python manage.py migrate -v 0
}

score() {  # score NAME UNITS... : prints one line per unit, returns 1 if one is below its threshold
  local stage="mutants/$1"; shift
  .venv/bin/python - "$stage" "$@" <<'PY'
import json, sys
from pathlib import Path

from mutmut.stats import status_by_exit_code

stage, units = Path(sys.argv[1]), sys.argv[2:]
DETECTED = {"killed", "timeout", "segfault", "caught by type check"}  # segfault: the mutant crashed the tests
below = False
for unit in units:
    label, rest = unit.split("=", 1)
    files, threshold = rest.rsplit(":", 1)
    statuses = []
    for file in files.split(","):
        meta = stage / "mutants" / f"{file}.meta"
        codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
        statuses += [(key, status_by_exit_code[code]) for key, code in codes.items()]
    checked = [(k, s) for k, s in statuses if s not in ("not checked", "skipped", "check was interrupted by user")]
    detected = sum(s in DETECTED for _, s in checked)
    pct = 100.0 * detected / len(checked) if checked else 0.0
    unchecked = len(statuses) - len(checked)
    ok = bool(checked) and unchecked == 0 and pct >= float(threshold)
    below = below or not ok
    note = f", {unchecked} not checked (time limit)" if unchecked else ""
    print(f"{label:24} {pct:5.1f} %  {detected}/{len(checked)} mutants detected{note}  (minimum {threshold} %){'' if ok else '  BELOW'}")
    for key, status in sorted(checked):
        if status not in DETECTED:
            print(f"    {status:10} {key}")
sys.exit(1 if below else 0)
PY
}

for line in "${MODULES[@]}"; do
  IFS='|' read -r name tests units <<<"$line"
  wanted "$name" || continue
  read -ra unit_list <<<"$units"
  files=()
  for unit in "${unit_list[@]}"; do
    f=${unit#*=}; f=${f%:*}; IFS=',' read -ra more <<<"$f"; files+=("${more[@]}")
  done
  echo; echo "==== mutation: $name (${files[*]} against $tests; $JOBS at a time)"
  start=$SECONDS
  prepare "$name" "$tests" "${files[@]}"
  status=0
  ( cd "mutants/$name" && env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test \
      SAFECONTACT_MUTATION_DB="$ROOT/mutants/$name/template.sqlite3" \
      ${MUTATION_TIME_LIMIT:+timeout --kill-after=30 "$MUTATION_TIME_LIMIT"} \
      "$ROOT/.venv/bin/mutmut" run --max-children "$JOBS" ) || status=$?
  rm -f "mutants/$name"/template.sqlite3.*  # copies left by mutants stopped for taking too long
  took=$((SECONDS - start))
  [ "$status" = 124 ] && echo "==== $name: stopped by MUTATION_TIME_LIMIT after ${took}s"
  [ "$status" != 0 ] && [ "$status" != 124 ] && { echo "==== $name: mutmut failed (exit $status)"; failed=1; }
  echo "==== $name: ${took}s"
  if out=$(score "$name" "${unit_list[@]}"); then :; else failed=1; fi
  echo "$out"
  REPORT+=("$(grep -v '^    ' <<<"$out")   [${took}s]")
done

echo; echo "==== mutation scores (survivors: cd mutants/<module> && ../../.venv/bin/mutmut show <name>)"
printf '%s\n' "${REPORT[@]}"
exit $failed
