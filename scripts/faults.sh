#!/usr/bin/env bash
# make faults: the fault suite (tests/faults/run.py) on its own PostgreSQL cluster in var/pg-faults (port 55433).
# `--short` is the form make test runs. Installs PostgreSQL the way make test does if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || bash scripts/ensure_postgres.sh >/dev/null
export DJANGO_SETTINGS_MODULE=config.settings.test DJANGO_ALLOW_ASYNC_UNSAFE=true
exec .venv/bin/python -m tests.faults.run "$@"
