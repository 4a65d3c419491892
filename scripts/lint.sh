#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=config.settings.test
V=.venv/bin
echo "--> ruff";  $V/ruff check .
echo "--> mypy";  $V/mypy safecontact config
echo "--> import layers"; $V/lint-imports --no-cache >/dev/null || { $V/lint-imports --no-cache; exit 1; }
echo "--> djLint"; $V/djlint safecontact/templates --lint --quiet
echo "--> migrations"; $V/python manage.py makemigrations --check --dry-run >/dev/null || { echo "A model change has no migration: run makemigrations --name ..." >&2; exit 1; }
echo "--> architecture"; $V/python -m pytest -q -p no:randomly tests/test_architecture.py >/dev/null || { $V/python -m pytest -q -p no:randomly tests/test_architecture.py; exit 1; }
